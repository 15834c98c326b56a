import MusterPlot

/// Text made safe inside HTML elements and attribute values.
enum HTMLText {
    /// HTML's reserved characters are XML's; one escaper serves both.
    static func escape(_ s: String) -> String { XMLText.escape(s) }

    /// Hours with one decimal, "—" when never reached.
    static func hours(_ h: Double) -> String {
        h.isFinite ? String(format: "%.1f", h) : "—"
    }
}
