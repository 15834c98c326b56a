import Foundation
import MusterModel
import MusterOutput

/// The forecast as text (the terminal, `forecast.txt`) and as JSON
/// (`--json`, `forecast.json`; docs/reference/forecast.md).
extension ForecastSummary {
    public func text() -> String {
        func h(_ x: Double) -> String { String(format: "%.1f h", x) }
        var s = "Forecast of \(scenario) (\(mode.rawValue)) at \(h(now)) after issue, \(clock(now))\n"
        s += "  log so far: \(notifiedByNow) of \(microgrids) micro-grids notified, \(doneByNow) done\n"
        s += "  \(replications) replications continued from the log"
        if let p = particlesUsed { s += ", parameters from \(p) posterior particle\(p == 1 ? "" : "s")" }
        s += "\n\n"
        s += "".padding(toLength: 30, withPad: " ", startingAt: 0) + ["p10", "p50", "p90"].map { $0.leftPadded(to: 20) }.joined() + "\n"
        for (name, q) in [("Last micro-grid done", lastDone), ("Order complete at the centre", orderComplete)] {
            s += name.padding(toLength: 30, withPad: " ", startingAt: 0)
            for x in [q.p10, q.p50, q.p90] { s += h(x).leftPadded(to: 20) }
            s += "\n" + "".padding(toLength: 30, withPad: " ", startingAt: 0)
            for x in [q.p10, q.p50, q.p90] { s += clock(x).leftPadded(to: 20) }
            s += "\n"
        }
        s += "\nMicro-grids done by hour (mean, 10–90 % band):\n"
        let stride = max(1, hourly.count / 24)
        for (i, b) in hourly.enumerated() where i % stride == 0 || i == hourly.count - 1 {
            s += "  \(h(b.hour).leftPadded(to: 8))  \(clock(b.hour).leftPadded(to: 18))  "
            s += String(format: "%7.1f  [%.0f–%.0f] of %d\n", b.mean, b.p10, b.p90, microgrids)
        }
        s += "\nMost likely last micro-grids (share of replications, 95 % interval):\n"
        for u in lastUnits {
            s += "  \(u.id.padding(toLength: max(12, u.id.count), withPad: " ", startingAt: 0))  "
            s += String(format: "%5.1f %%  [%.1f–%.1f %%]\n", 100 * u.probability, 100 * u.low, 100 * u.high)
        }
        if tally.fallbackMicrogrids > 0 || tally.relayFallback {
            s += "\nnote: \(tally.fallbackMicrogrids) micro-grid path(s)\(tally.relayFallback ? " and the relay" : "") "
            s += "fitted the log in no try and used the fallback (docs/forecast.md)\n"
        }
        return s
    }

    public var json: JSONValue {
        func q(_ x: Quantiles) -> JSONValue {
            .object([("p10", .number(x.p10)), ("p50", .number(x.p50)), ("p90", .number(x.p90)),
                     ("mean", .number(x.mean)), ("p50_ci95", .array([.number(x.p50Low), .number(x.p50High)])),
                     ("clock", .object([("p10", .string(clock(x.p10))), ("p50", .string(clock(x.p50))),
                                        ("p90", .string(clock(x.p90)))]))])
        }
        var members: [(String, JSONValue)] = [
            ("scenario", .string(scenario)), ("mode", .string(mode.rawValue)), ("seed", .uint(seed)),
            ("issued", .string(start.description)), ("now_hours", .number(now)), ("now_clock", .string(clock(now))),
            ("replications", .int(replications)), ("microgrids", .int(microgrids)),
            ("notified_by_now", .int(notifiedByNow)), ("done_by_now", .int(doneByNow)),
            ("last_microgrid_done_hours", q(lastDone)), ("order_complete_hours", q(orderComplete)),
            ("hourly", .array(hourly.map { b in
                .object([("hour", .number(b.hour)), ("clock", .string(clock(b.hour))), ("mean", .number(b.mean)),
                         ("p10", .number(b.p10)), ("p90", .number(b.p90))])
            })),
            ("likely_last", .array(lastUnits.map { u in
                .object([("id", .string(u.id)), ("probability", .number(u.probability)),
                         ("ci95", .array([.number(u.low), .number(u.high)]))])
            })),
            ("conditioning", .object([("redrawn_paths", .int(tally.redrawnPaths)),
                                      ("fallback_microgrids", .int(tally.fallbackMicrogrids)),
                                      ("relay_retries", .int(tally.relayRetries)),
                                      ("relay_fallback", .bool(tally.relayFallback))])),
        ]
        if let p = particlesUsed { members.append(("posterior_particles_used", .int(p))) }
        return .object(members)
    }

    /// `forecast_hourly.csv`: hour, clock, mean, p10, p90.
    public var hourlyCSV: String {
        var s = "hour,clock,mean_done,p10_done,p90_done\n"
        func n(_ x: Double) -> String { NumberText.format(x) ?? "" }
        for b in hourly { s += "\(n(b.hour)),\(clock(b.hour)),\(n(b.mean)),\(n(b.p10)),\(n(b.p90))\n" }
        return s
    }
}

extension String {
    func leftPadded(to n: Int) -> String {
        count >= n ? self : String(repeating: " ", count: n - count) + self
    }
}
