import CGSL

/// Process-wide GSL set-up.
///
/// GSL's default error handler calls `abort()`, which would turn a bad
/// parameter into a crash with no message. Muster validates every parameter
/// before it reaches GSL and checks return codes where GSL reports them, so
/// the handler is switched off once, before any simulation starts.
public enum GSLRuntime {
    private static let installed: Bool = {
        // gsl_set_error_handler_off returns the previous handler (NULL when
        // GSL's built-in default was active); either way the call succeeds.
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Switches GSL's abort-on-error handler off. Idempotent and thread-safe.
    @discardableResult
    public static func configure() -> Bool { installed }
}
