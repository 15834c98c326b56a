import ArgumentParser
import Dispatch
import Foundation
import MusterServe

/// `muster serve`: the planner's workbench in a browser.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the planner's workbench: scenarios, runs and comparisons in a browser.",
        discussion: """
        Starts a local web server and prints its URL. The page offers the shipped \
        scenarios (or pasted/uploaded YAML) as a form of the keys planners change, \
        checked as you type with the messages of `muster validate`; runs with \
        progress and cancel; the report's figures and tables; downloads of what \
        is on screen: the run's folder as `muster run --out` writes it, with the \
        edited scenario (which `muster run` reproduces exactly), one file at a \
        time or as one zip; and paired comparisons of variants with the verdicts \
        of `muster compare`. Files are read only from --scenarios; results live in \
        a private temporary folder (0700) per visitor, removed when the server \
        stops (Ctrl-C).

        Safety: the workbench answers only to its own address, `localhost` and \
        the names given with --allow-host (a DNS-rebinding page is refused); it \
        accepts changes only from its own page (JSON with the page's session \
        token, same origin), so another web page cannot start or cancel runs. \
        Bound beyond this machine (--host), every request needs an access token: \
        the address printed at start carries it, like Jupyter's. \
        docs/how-to/workbench.md says what this defends against and what not.

        Examples:
          muster serve
          muster serve --port 9000 --scenarios ~/my-scenarios
          muster serve --host 0.0.0.0 --allow-host planning.example.org
        """
    )

    @Option(help: "Port to listen on (0: any free port).")
    var port: Int = 8080

    @Option(help: "Address to bind; the default serves this machine only.")
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Folder of scenario files offered and the only one read.", valueName: "dir"))
    var scenarios: String = "scenarios"

    @Option(name: .customLong("allow-host"),
            help: ArgumentHelp("A host name the workbench also answers to, as browsers send it (repeatable); "
                               + "its own address, localhost and loopback addresses always work.", valueName: "name"))
    var allowHost: [String] = []

    @Flag(help: "Ask every request for an access token also on this machine (always on with --host beyond loopback).")
    var token = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535 (got \(port))") }
        for name in allowHost where name.isEmpty || name.contains("/") || name.contains(" ") || name == "*" {
            throw ValidationError("--allow-host \(name): give one host name as browsers send it (e.g. planning.example.org); "
                                  + "patterns and empty names are not accepted")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: scenarios, isDirectory: &isDir), isDir.boolValue else {
            throw ValidationError("--scenarios \(scenarios): no such folder; give the folder of scenario files (default: scenarios)")
        }
    }

    func run() throws {
        var settings = ServeSettings(host: host, port: port,
                                     scenariosFolder: URL(fileURLWithPath: scenarios, isDirectory: true).absoluteURL,
                                     version: MusterVersion.current)
        settings.allowedHosts = allowHost
        let remote = !ServeSettings.isLoopback(host)
        if remote || token { settings.accessToken = ServeSettings.newToken() }
        let accessToken = settings.accessToken
        let workbench: Workbench
        do {
            workbench = try Workbench(settings: settings)
        } catch {
            Stderr.write("error: \(error)\n")
            throw ExitWith(code: 2)
        }
        // SIGINT, SIGTERM and SIGHUP stop the server gracefully (runs
        // cancelled, scratch folders removed) through the shared
        // StopRequest; a second signal ends it at once.
        let section = StopRequest.begin("cancelling the runs and removing the visitors' folders")
        defer { StopRequest.end(section) }
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task.detached {
            do {
                try await workbench.run(handlesSignals: false) { url in
                    // The server can be stopped once it runs; a signal that
                    // came earlier is acted on now.
                    StopRequest.onRequest { Task { await workbench.stop() } }
                    if StopRequest.isRequested { Task { await workbench.stop() } }
                    // Written at once, not buffered: scripts read the URL from a pipe.
                    let address = accessToken.map { url + "?token=" + $0 } ?? url
                    FileHandle.standardOutput.write(Data("Muster workbench: \(address)  (Ctrl-C stops it)\n".utf8))
                    if remote {
                        Stderr.write("The workbench is reachable beyond this machine (--host \(host)); every request needs "
                                     + "the access token in the address above. Share it only with the people who may run scenarios.\n")
                    }
                }
            } catch {
                failure.set("\(error)")
            }
            done.signal()
        }
        done.wait()
        if let message = failure.get() {
            Stderr.write("error: cannot serve on \(host):\(port): \(message)\n")
            throw ExitWith(code: 2)
        }
        FileHandle.standardOutput.write(Data("Muster workbench stopped.\n".utf8))
        try StopRequest.exitIfRequested()
    }
}

/// An error message handed from the server's task to the command.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var message: String?
    func set(_ m: String) { lock.lock(); message = m; lock.unlock() }
    func get() -> String? { lock.lock(); defer { lock.unlock() }; return message }
}
