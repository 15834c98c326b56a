import MusterModel

/// `muster forecast --replay`: the forecasts a centre would have seen at
/// each moment of a finished order, against what happened.
public struct ReplayPoint: Sendable, Equatable {
    public var now: Double
    public var doneByNow: Int
    public var lastDone: ForecastSummary.Quantiles
    public var orderComplete: ForecastSummary.Quantiles
}

public enum ForecastReplay {
    /// The moments of a replay: 0, `every`, 2·`every`, … while the order
    /// is not finished (before its last done time).
    public static func moments(lastDone: Double, every: Double) -> [Double] {
        precondition(every > 0)
        var t: [Double] = []
        var k = 0
        while Double(k) * every < lastDone && t.count < 10_000 {
            t.append(Double(k) * every)
            k += 1
        }
        return t
    }

    /// Forecasts `setup` (its observation is the whole finished log) at
    /// each of `moments`; `progress` gets the moments finished.
    public static func run(_ setup: ForecastSetup, moments: [Double], threads: Int,
                           progress: (@Sendable (Int) -> Void)? = nil) -> [ReplayPoint] {
        var points: [ReplayPoint] = []
        for (i, now) in moments.enumerated() {
            var s = setup
            s.observation = truncated(setup.observation, at: now)
            let runs = ForecastRun.run(s, threads: threads)
            points.append(ReplayPoint(now: now, doneByNow: s.observation.doneCount,
                                      lastDone: .init(runs.map(\.lastDone)),
                                      orderComplete: .init(runs.map(\.orderComplete))))
            progress?(i + 1)
        }
        return points
    }

    /// What a log showed at `now`.
    public static func truncated(_ o: OrderObservation, at now: Double) -> OrderObservation {
        OrderObservation(now: now, notified: o.notified.map { $0 <= now ? $0 : .nan },
                         done: o.done.map { $0 <= now ? $0 : .nan })
    }
}
