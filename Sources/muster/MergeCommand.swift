import ArgumentParser
import Foundation
import MusterOutput
import MusterSweep

/// `muster merge`: join the shard databases of a sweep.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard databases of a sweep into one database of the whole sweep.",
        discussion: """
        Each DIR is a shard's --out folder (or a sweep.sqlite file). Refused, \
        with every problem listed: databases of different sweeps, a replication \
        stored twice with different values, and replications no shard holds \
        (listed by point and replication, with the shard that should have run \
        them). The merged database equals, row for row, a single-machine run of \
        the same sweep, whatever the number of shards and threads.

        Writes --out/sweep.sqlite (built beside it and renamed into place) and \
        --out/summary.csv and --out/replications.csv; for designs sobol and morris also the sensitivity \
        indices (sensitivity.csv, sensitivity.txt, sensitivity.svg), equal to a \
        single run's.

        Example:
          muster merge results/s/shard-1 results/s/shard-2 --out results/s
        """
    )

    @Argument(help: ArgumentHelp("Shard folders (or sweep.sqlite files).", valueName: "dir"))
    var inputs: [String]

    @Option(help: ArgumentHelp("Folder for the merged sweep.sqlite, summary.csv and replications.csv.", valueName: "dir"))
    var out: String

    @OptionGroup var output: JSONOutput

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("name at least one shard folder to merge") }
    }

    func run() throws {
        let fm = FileManager.default
        let files = inputs.map { input -> String in
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue {
                return (input as NSString).appendingPathComponent(SweepStore.fileName)
            }
            return input
        }
        let target = (out as NSString).appendingPathComponent(SweepStore.fileName)
        let resolved = PathResolution.resolved
        if files.map(resolved).contains(resolved(target)) {
            throw SweepInput.fail("--out \(out) is one of the inputs; merge into another folder")
        }
        // The merged folder follows the output-folder rule: new, empty or
        // Muster's; a user's own database or tables there are refused.
        _ = try SweepInput.claim(out, inputs: [])
        SweepInput.keep(try SweepInput.lock(out))
        _ = OutputFolder.removeLeftovers(in: URL(fileURLWithPath: out))
        let report: SweepMerge.Report
        do {
            report = try SweepMerge.merge(files, into: target, version: MusterVersion.current)
        } catch let e as SweepMergeError {
            ProblemReport.write(e.problems)
            Stderr.write("nothing was merged.\n")
            throw ExitWith(code: 2)
        } catch {
            Stderr.write("error: \(error)\n")
            throw ExitWith(code: 2)
        }
        let digest: String
        var figures: [String] = []
        var sensitivity: SensitivityAnalysis?
        do {
            let store = try SweepStore.open(at: target)
            try SummaryCSV.write(store: store, to: out)
            try ReplicationsCSV.write(store: store, to: out)
            digest = try store.contentDigest()
            sensitivity = SensitivityOutput.write(store: store, out: out)
            figures = SweepFigureDrawing.draw(store: store, out: out)
            try store.close()
        } catch {
            Stderr.write("error: \(error)\n")
            throw ExitWith(code: 3)
        }
        if output.json {
            print(JSONValue.object([
                ("inputs", .int(report.inputs)),
                ("points", .int(report.points)),
                ("rows", .int(report.rows)),
                ("duplicates", .int(report.duplicates)),
                ("content_sha256", .string(digest)),
                ("database", .string(target)),
                ("sensitivity", sensitivity.map(SensitivityFiles.json) ?? .null),
            ]).serialized())
        } else {
            print("merged \(report.inputs) database\(report.inputs == 1 ? "" : "s"): \(report.rows) rows, \(report.points) points (\(report.duplicates) duplicate rows, all equal)")
            let extra = sensitivity == nil ? [] : SensitivityOutput.fileNames
            print("Wrote \(out)/: " + ([SweepStore.fileName, "summary.csv", "replications.csv"] + extra + figures).joined(separator: ", "))
            print("content sha256 \(digest)")
            if let sensitivity { print("\n" + SensitivityOutput.summary(sensitivity), terminator: "") }
        }
    }
}
