import ArgumentParser
import Foundation
import MusterReport

/// `muster plot DIR`: the figures and report of a run's output folder,
/// redrawn from its files.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw the figures and report.html of a run's output folder from its files.",
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

        A missing or malformed file is an error naming the file (and the line of \
        a CSV file), exit code 2.

        Example:
          muster run scenarios/beilun.yaml --out results/beilun
          muster plot results/beilun && open results/beilun/report.html
        """
    )

    @Argument(help: ArgumentHelp("Output folder of `muster run --out`.", valueName: "dir"))
    var dir: String

    @Flag(help: "Print nothing on success.")
    var quiet = false

    func run() throws {
        let output: RunReport.Output
        do {
            output = try RunReport.plot(URL(fileURLWithPath: dir), shownAs: dir, converter: RunReport.converterOnPath())
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
}
