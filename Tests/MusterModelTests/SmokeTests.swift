import Testing
import MusterEngine
@testable import MusterModel

@Test func smoke() {
    let s = Fixture.beilunLike()
    let r = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<4, threads: 2)
    for mode in [Mode.tiered, .p2p] {
        for x in r[mode]! {
            print(mode, x.orderComplete, x.fieldComplete, x.households, x.visited, x.unreached, x.attempts, x.events)
        }
    }
}
