/// One measured point of a response curve: the response (a mean or a
/// percentile) at a parameter value and its confidence interval.
public struct ResponsePoint: Sendable, Equatable {
    public var parameter: Double
    public var value: Double
    public var low: Double
    public var high: Double

    public init(parameter: Double, value: Double, low: Double, high: Double) {
        self.parameter = parameter; self.value = value; self.low = low; self.high = high
    }
}

/// One line of a response-curve chart (a dispatch mode, say).
public struct ResponseSeries: Sendable, Equatable {
    public var name: String
    public var key: String
    public var color: Color
    public var points: [ResponsePoint]
    /// An SVG dash pattern (`"6 4"`), so that a second grouping (the mode,
    /// say) reads apart from the colours; nil draws a solid line.
    public var dash: String?

    public init(name: String, key: String? = nil, color: Color, points: [ResponsePoint], dash: String? = nil) {
        self.name = name; self.key = key ?? Slug.make(name); self.color = color; self.points = points
        self.dash = dash
    }
}

/// How a response (hours to complete) moves as one parameter is swept:
/// one line per series through the measured values, dots at the measured
/// parameter values, the confidence interval shaded around it.
public enum ResponseCurveChart {
    /// A `LineChart` of the curves. `parameter` is the x axis (its scale
    /// `.auto` turns logarithmic for a sweep over orders of magnitude);
    /// `response` the y axis. Points are drawn in ascending parameter order.
    public static func make(id: String, title: String, caption: String = "", parameter: AxisSpec,
                            response: AxisSpec, series: [ResponseSeries],
                            style: ChartStyle = ChartStyle()) -> LineChart {
        let lines = series.map { s in
            let sorted = s.points.sorted { $0.parameter < $1.parameter }
            return LineSeries(name: s.name, key: s.key, color: s.color,
                              points: sorted.map { DataPoint(x: $0.parameter, y: $0.value) },
                              dash: s.dash,
                              band: sorted.map { BandPoint(x: $0.parameter, low: $0.low, high: $0.high) },
                              showsPoints: true)
        }
        return LineChart(id: id, title: title, caption: caption, x: parameter, y: response, series: lines, style: style)
    }
}
