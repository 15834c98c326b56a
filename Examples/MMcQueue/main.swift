// An M/M/c queue on MusterEngine alone: Poisson arrivals, exponential
// service, c servers, first come first served. It prints the simulated mean
// wait in the queue, with a 95 % confidence interval over independent
// replications, next to the exact value from Erlang C's formula.
//
//   swift run MMcQueue              # c = 4, ρ = 0.85
//   swift run MMcQueue 12345        # another seed
//
// Nothing here knows about grids: the engine's event calendar, resource,
// random streams and distributions are the whole simulator.
import Foundation
import MusterEngine

// MARK: The queue

let servers = 4                        // c
let utilisation = 0.85                 // ρ = λ / (c μ)
let serviceRate = 1.0                  // μ, per hour: a mean service of 1 h
let arrivalRate = utilisation * Double(servers) * serviceRate   // λ = 3.4 per hour

let replications = 20
let customersPerReplication = 20_000
let warmUp = 2_000                     // customers left out of each mean: the queue starts empty
let seed = CommandLine.arguments.dropFirst().first.flatMap { UInt64($0) } ?? 20_200_601

// MARK: Erlang C

/// Probability that an arriving customer waits, for c servers and offered
/// load a = λ/μ (a < c).
func erlangC(servers c: Int, load a: Double) -> Double {
    var term = 1.0                     // a^k / k!, from k = 0
    var sum = 0.0
    for k in 0..<c {
        sum += term
        term *= a / Double(k + 1)
    }
    let waiting = term * Double(c) / (Double(c) - a)   // a^c / c! · c / (c − a)
    return waiting / (sum + waiting)
}

/// Mean wait in the queue: Wq = C(c, a) / (c μ − λ).
let exactWait = erlangC(servers: servers, load: arrivalRate / serviceRate)
    / (Double(servers) * serviceRate - arrivalRate)

// MARK: One replication

/// What happens: a customer arrives, or a server finishes one.
enum Event {
    case arrival(customer: Int)
    case departure
}

/// The mean wait (hours) of customers `warmUp..<customersPerReplication`
/// in replication `r`. Arrivals and services draw from two streams of
/// their own, keyed by (seed, r), so a replication is a pure function of
/// them.
func meanWait(replication r: Int) -> Double {
    let key = StreamKey(seed: seed).child(UInt64(r))
    let arrivals = RandomStream.sequential(key: key.child(0).value)
    let services = RandomStream.sequential(key: key.child(1).value)
    let interarrival = Distribution.exponential(mean: 1 / arrivalRate).sampler
    let service = Distribution.exponential(mean: 1 / serviceRate).sampler

    var calendar = EventCalendar<Event>()
    // `always` open: these servers keep no office hours (the relay example does).
    var desk = Resource<Int>(capacity: servers, calendar: .always, origin: 0)
    var arrivedAt = [Double](repeating: 0, count: customersPerReplication)
    var waited = 0.0

    calendar.schedule(.arrival(customer: 0), at: interarrival.sample(arrivals))
    while let (now, event) = calendar.pop() {
        switch event {
        case .arrival(let customer):
            arrivedAt[customer] = now
            desk.enqueue(customer)
            if customer + 1 < customersPerReplication {
                calendar.schedule(.arrival(customer: customer + 1), after: interarrival.sample(arrivals))
            }
        case .departure:
            desk.release()
        }
        // Every customer a free server can take now starts now.
        while case .start(let customer) = desk.next(now: now) {
            if customer >= warmUp { waited += now - arrivedAt[customer] }
            calendar.schedule(.departure, after: service.sample(services))
        }
    }
    return waited / Double(customersPerReplication - warmUp)
}

// MARK: Across replications

let means = (0..<replications).map { meanWait(replication: $0) }
let mean = means.reduce(0, +) / Double(replications)
let variance = means.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(replications - 1)
// Student's t, 97.5 % quantile with 19 degrees of freedom (20 replications).
let t975 = 2.093
let halfWidth = t975 * (variance / Double(replications)).squareRoot()

print("M/M/\(servers) queue: λ = \(arrivalRate) per hour, μ = \(serviceRate) per hour, ρ = \(utilisation)")
print("\(replications) replications of \(customersPerReplication) customers (the first \(warmUp) of each left out), seed \(seed)")
print(String(format: "mean wait, simulated: %.4f h ± %.4f (95 %% CI)", mean, halfWidth))
print(String(format: "mean wait, Erlang C:  %.4f h", exactWait))
print(abs(mean - exactWait) <= halfWidth
      ? "Erlang C lies inside the interval."
      : "Erlang C lies outside the interval (expected in about 1 run in 20).")
