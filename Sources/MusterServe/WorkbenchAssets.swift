import MusterReport

/// The page's stylesheet and script: real files in `Assets/` (so an
/// editor and a linter read them), compiled into the binary by SwiftPM
/// (`.embedInCode`), so the one `muster` file serves them offline. The
/// report's own stylesheet comes first, so the result sections look as
/// they do in report.html.
enum WorkbenchAssets {
    static var style: String { RunReport.stylesheet + "\n" + own }

    /// Assets/workbench.css.
    static let own = String(decoding: PackageResources.workbench_css, as: UTF8.self)

    /// Assets/workbench.js.
    static let script = String(decoding: PackageResources.workbench_js, as: UTF8.self)
}
