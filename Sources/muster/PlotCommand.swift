import ArgumentParser
import Foundation
import MusterOutput
import MusterReport

/// `muster plot DIR`: the figures and report of a run's output folder,
/// redrawn from its files.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw the figures of a run's or a sweep's output folder from its files.",
        discussion: """
        `muster run SCENARIO --out DIR` already draws everything; use plot to \
        redraw a folder (after an upgrade of muster, or when the figures were \
        deleted). It reads summary.json, replications.csv, coverage.csv, \
        phases.csv, microgrid_done_histogram.csv and parameters.json, and writes \
        into DIR:

          completion_cdf.svg   share of replications complete against hours, per
                               mode, medians marked (log hours when the modes are
                               an order of magnitude apart)
          coverage.svg         share of households visited against hours: median
                               line and 10–90 % band per mode
          phases.svg           mean hours per micro-grid in relay down, waiting
                               for office hours, field work and reports up
          microgrid_done.svg   histogram of micro-grid completion times per mode
          report.html          one self-contained page: key parameters, summary
                               table, paired comparison, the figures (no script,
                               nothing fetched; opens offline and prints)

        With rsvg-convert on PATH (Debian/Ubuntu: apt-get install librsvg2-bin) \
        each figure also gets a PNG (twice the SVG's size, for slides); without \
        it, PNGs are skipped silently. The new files are written under temporary \
        names and renamed into place together, so an error leaves the old ones \
        as they were. The same folder always gives the same bytes.

        A sweep's folder (`muster sweep … --out DIR`, or `muster merge`, holding \
        sweep.sqlite) gets its response figures instead, which the sweep also \
        draws when it ends:

          response_p50.svg     median order completion against an axis (--x,
                               default the first numeric one): a line per mode
                               (its colour) and per value of the other axes
                               (line style), the median's 95 % interval as a band
          response_p90.svg     the same for the 90th percentile

        --clock-time draws a run's hours axes as weekday and time from the \
        order's issue ("Tue 09:00"), the first relay level's office hours shaded, \
        as the workbench (`muster serve`) does.

        A missing or malformed file is an error naming the file (and the line of \
        a CSV file), exit code 2.

        Example:
          muster run scenarios/beilun.yaml --out results/beilun
          muster plot results/beilun && open results/beilun/report.html
          muster plot results/beilun --clock-time
          muster plot results/volunteers --x layout.households
        """
    )

    @Argument(help: ArgumentHelp("Output folder of `muster run --out` or `muster sweep --out`.", valueName: "dir"))
    var dir: String

    @Option(help: ArgumentHelp("Sweep folders: the axis across the page (default: the first numeric axis).", valueName: "axis"))
    var x: String?

    @Flag(help: "Run folders: hours axes as weekday and time from the order's issue, office hours shaded.")
    var clockTime = false

    @Flag(help: "Print nothing on success.")
    var quiet = false

    func run() throws {
        let output: RunReport.Output
        let url = URL(fileURLWithPath: dir)
        if SweepFigures.isSweepFolder(url) { try claimFolder(url, names: []) }
        do {
            if SweepFigures.isSweepFolder(url) {
                if clockTime {
                    Stderr.write("error: --clock-time applies to a run's folder; \(dir) is a sweep's (\(SweepFigures.storeName))\n")
                    throw ExitWith(code: 2)
                }
                output = try SweepFigureDrawing.plot(url, shownAs: dir, x: x, converter: RunReport.converterOnPath())
            } else {
                if x != nil {
                    Stderr.write("error: --x applies to a sweep's folder; \(dir) holds no \(SweepFigures.storeName)\n")
                    throw ExitWith(code: 2)
                }
                output = try RunReport.plot(url, shownAs: dir, converter: RunReport.converterOnPath(),
                                            options: ReportOptions(clockTime: clockTime),
                                            claim: { names in try claimFolder(url, names: names) })
            }
        } catch let e as ReportInputError {
            Stderr.write("error: \(e)\n")
            throw ExitWith(code: 2)
        } catch let e as ReportWriteError {
            Stderr.write("error: \(e); the folder's previous figures are unchanged\n")
            throw ExitWith(code: 2)
        }
        for warning in output.warnings { Stderr.write("warning: \(warning)\n") }
        if !quiet {
            let shown = dir.hasSuffix("/") ? dir : dir + "/"
            print("Wrote \(shown): " + output.files.map(\.name).joined(separator: ", "))
        }
    }

    /// Plot replaces figures and report.html only in a folder Muster wrote
    /// (the output-folder rule); a missing folder is left to the readers,
    /// which name the file they need.
    private func claimFolder(_ url: URL, names: [String]) throws {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: url.path), !entries.isEmpty else { return }
        do {
            if names.isEmpty {
                _ = try SweepInput.claim(dir, inputs: [], shownAs: dir)
            } else {
                try OutputFolder.claim(url, names: names, version: MusterVersion.current)
            }
        } catch let error as OutputFolderError {
            Stderr.write("error: \(dir): \(error)\n")
            throw ExitWith(code: error.isResourceFailure ? 3 : 2)
        }
    }
}
