/// One measured point of a response curve: the mean response at a
/// parameter value and its confidence interval.
public struct ResponsePoint: Sendable, Equatable {
    public var parameter: Double
    public var mean: Double
    public var low: Double
    public var high: Double

    public init(parameter: Double, mean: Double, low: Double, high: Double) {
        self.parameter = parameter; self.mean = mean; self.low = low; self.high = high
    }
}

/// One line of a response-curve chart (a dispatch mode, say).
public struct ResponseSeries: Sendable, Equatable {
    public var name: String
    public var key: String
    public var color: Color
    public var points: [ResponsePoint]

    public init(name: String, key: String? = nil, color: Color, points: [ResponsePoint]) {
        self.name = name; self.key = key ?? Slug.make(name); self.color = color; self.points = points
    }
}

/// How a response (hours to complete) moves as one parameter is swept:
/// one line per series through the measured means, dots at the measured
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
                              points: sorted.map { DataPoint(x: $0.parameter, y: $0.mean) },
                              band: sorted.map { BandPoint(x: $0.parameter, low: $0.low, high: $0.high) },
                              showsPoints: true)
        }
        return LineChart(id: id, title: title, caption: caption, x: parameter, y: response, series: lines, style: style)
    }
}
