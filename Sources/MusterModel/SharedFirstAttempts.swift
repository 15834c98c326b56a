import Synchronization

/// First-attempt draws of the replications in flight, shared by the tasks
/// (one per mode) of each replication: whichever task comes first draws
/// them, the others wait for that draw instead of repeating it, and the
/// last user lets them go, so memory holds only replications in progress.
final class SharedFirstAttempts: Sendable {
    /// One replication's draws, filled once.
    final class Slot: Sendable {
        let draws = Mutex<FirstAttempts?>(nil)
    }

    private let users: Int
    private let slots = Mutex<[Int: (slot: Slot, left: Int)]>([:])

    /// `users`: how many tasks ask for each replication's draws.
    init(users: Int) { self.users = users }

    /// Replication r's draws, made by `draw` if no task has made them yet.
    func draws(replication r: Int, draw: () -> FirstAttempts) -> FirstAttempts {
        let slot = slots.withLock { table -> Slot in
            var entry = table[r] ?? (Slot(), users)
            entry.left -= 1
            table[r] = entry.left > 0 ? entry : nil
            return entry.slot
        }
        return slot.draws.withLock { d in
            if let d { return d }
            let made = draw()
            d = made
            return made
        }
    }
}
