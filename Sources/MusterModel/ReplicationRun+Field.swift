import MusterEngine

/// Field work (docs/model.md, "Field work"), the same in every mode: active
/// workers of a micro-grid share its FIFO queue of households.
extension ReplicationRun {
    /// A person becomes a field worker: they join the micro-grid's idle line.
    mutating func activate(_ g: Int, person p: Int32) {
        if notified[g].isNaN { notified[g] = cal.now }
        let w = personStart[g] + p
        pushIdle(g, w)
        if rebalances(g) && !done[g].isNaN {
            sendIdleAway(g)
        } else {
            dispatch(g)
        }
    }

    @inline(__always)
    mutating func pushIdle(_ g: Int, _ w: Int32) {
        idleNext[Int(w)] = -1
        if iCount[g] == 0 { iHead[g] = w } else { idleNext[Int(iTail[g])] = w }
        iTail[g] = w
        iCount[g] += 1
    }

    /// The worker idle longest at g (the line must not be empty).
    @inline(__always)
    mutating func popIdle(_ g: Int) -> Int32 {
        let w = iHead[g]
        iHead[g] = idleNext[Int(w)]
        iCount[g] -= 1
        return w
    }

    /// Hands eligible households to idle workers, in the order the workers
    /// became idle, while field hours are open; otherwise asks for a wake-up
    /// when the queue head can next be started.
    mutating func dispatch(_ g: Int) {
        let now = cal.now
        let hBase = Int(layout.householdStart[g])
        let hSize = Int(layout.households[g])
        while iCount[g] > 0 && qCount[g] > 0 {
            // Slot i of the ring first holds household hBase + i, which is
            // untried exactly until that slot is first served; revisits are
            // written only into slots already served. So the first pass
            // reads neither the queue nor revisit times.
            let slot = hBase + Int(qHead[g])
            let fresh = tries[slot] == 0
            let h = fresh ? slot : Int(queue[slot])
            let ready = fieldHours.nextOpen(fresh ? now : max(now, eligibleAt[h]))
            if ready > now {
                if ready < pendingWake[g] {
                    pendingWake[g] = ready
                    cal.schedule(.fieldWake(mg: Int32(g)), at: ready)
                }
                return
            }
            let w = popIdle(g)
            qHead[g] += 1
            if Int(qHead[g]) == hSize { qHead[g] = 0 }
            qCount[g] -= 1
            startAttempt(worker: w, household: h)
        }
    }

    /// One attempt: its outcome belongs to the household and the attempt
    /// number (see `AttemptDraws`); first attempts were drawn up front.
    @inline(__always)
    mutating func startAttempt(worker w: Int32, household h: Int) {
        let k = tries[h]
        tries[h] = k &+ 1
        attempts += 1
        let d = k == 0 ? firstOutcome[h] : draws.outcome(household: h, attempt: Int(k), rng: rng)
        // Most workers have speed 1, and x / 1 is x exactly: skip the
        // division, which sits on the path to the next event.
        let speed = workerSpeed[Int(w)]
        let duration = speed == 1 ? abs(d) : abs(d) / speed
        if d.sign == .minus {
            cal.schedule(.notHome(worker: w, household: Int32(h)), at: cal.now + duration)
        } else {
            cal.schedule(.visited(worker: w, household: Int32(h)), at: cal.now + duration)
        }
    }

    mutating func visited(worker w: Int32, household h: Int) {
        let g = Int(workerMg[Int(w)])
        visitTimes[visitedCount] = cal.now
        visitedCount += 1
        workerFreed(g, w)
        resolve(g)
    }

    /// Nobody home: back to the end of the queue, or unreached after the
    /// last allowed try. The household re-enters the queue before the worker
    /// rejoins the idle line.
    mutating func notHome(worker w: Int32, household h: Int) {
        let g = Int(workerMg[Int(w)])
        if Int(tries[h]) >= maxAttempts {
            unreachedCount += 1
            workerFreed(g, w)
            resolve(g)
        } else {
            eligibleAt[h] = cal.now + revisitAfter
            let hBase = Int(layout.householdStart[g])
            let hSize = Int(layout.households[g])
            var slot = Int(qHead[g] + qCount[g])
            if slot >= hSize { slot -= hSize }
            queue[hBase + slot] = Int32(h)
            qCount[g] += 1
            workerFreed(g, w)
        }
    }

    @inline(__always)
    mutating func workerFreed(_ g: Int, _ w: Int32) {
        pushIdle(g, w)
        dispatch(g)
    }

    /// A household is visited or given up; the micro-grid may be done.
    mutating func resolve(_ g: Int) {
        resolved[g] += 1
        lastResolved = max(lastResolved, cal.now)
        checkDone(g)
    }

    mutating func checkDone(_ g: Int) {
        guard resolved[g] == layout.households[g], done[g].isNaN else { return }
        done[g] = cal.now
        if !usesApp[g] {
            // Tiered relay, or a point-to-point team off the app.
            if !deferReports { report(from: Int(layout.microgridUnit[g])) }
        } else {
            rng.reseed(key.child(DrawFamily.sync.rawValue, UInt64(g)).value)
            orderComplete = max(orderComplete, cal.now + cs.sync.sample(rng))
            if rebalances(g) { sendIdleAway(g) }
        }
    }

    /// The grid head phones the persons in `callList`, one at a time, and
    /// joins the field work after the last call.
    mutating func startCalls(_ g: Int) {
        if callCount[g] == 0 {
            activate(g, person: 0)
        } else {
            scheduleCall(g, 0)
        }
    }

    mutating func scheduleCall(_ g: Int, _ k: Int) {
        let person = callList[Int(personStart[g]) + k]
        // A team off the app is phoned as in tiered relay, with its draws.
        let byRelay = !usesApp[g]
        let family: DrawFamily = byRelay ? .tieredCall : .p2pCall
        rng.reseed(key.child(family.rawValue, UInt64(g), UInt64(person)).value)
        let d = (byRelay ? cs.tieredTeamNotify : cs.p2pTeamNotify).sample(rng)
        cal.schedule(.callDone(mg: Int32(g), call: Int32(k)), at: cal.now + d)
    }

    mutating func callDone(_ g: Int, _ k: Int) {
        activate(g, person: callList[Int(personStart[g]) + k])
        if k + 1 < Int(callCount[g]) {
            scheduleCall(g, k + 1)
        } else {
            activate(g, person: 0)
        }
    }
}
