import Testing
import MusterEngine

@Suite struct StateArenaTests {
    @Test func buffersHoldWhatTheyWereGivenAndDoNotOverlap() {
        let arena = StateArena()
        let a = arena.buffer(repeating: 1.5, count: 1000)
        let b = arena.buffer(0..<Int32(1000))
        let empty = arena.buffer(repeating: UInt8(7), count: 0)
        #expect(a.count == 1000 && a.allSatisfy { $0 == 1.5 })
        #expect(Array(b) == Array(0..<Int32(1000)))
        #expect(empty.isEmpty)
        #expect(arena.allocatedBytes == 1000 * 8 + 1000 * 4)
        for i in 0..<1000 { a[i] = -Double(i) }
        #expect(Array(b) == Array(0..<Int32(1000)))
        #expect(a[999] == -999)
    }
}
