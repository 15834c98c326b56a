import Testing
import MusterEngine

/// `FractionText`: the one parser of fractions (options and file keys).
@Suite struct FractionTextTests {
    static func problem(_ text: String, _ range: FractionText.Range = .open) -> FractionText.Problem? {
        do {
            _ = try FractionText.parse(text, in: range)
            return nil
        } catch {
            return error
        }
    }

    /// A percentage is the decimal it spells over 100: the very Double the
    /// plain fraction gives, so a scenario's 20% runs like its 0.2.
    @Test func percentAndFractionGiveTheSameBits() throws {
        for (pct, plain) in [("2%", "0.02"), ("20%", "0.2"), ("2.5%", "0.025"), ("0.1%", "0.001"), ("99.9%", "0.999"),
                             ("15%", "0.15"), (" 7 % ", "0.07")] {
            let a = try FractionText.parse(pct, in: .open), b = try FractionText.parse(plain, in: .open)
            #expect(a.bitPattern == Double(plain)!.bitPattern, "\(pct)")
            #expect(b.bitPattern == Double(plain)!.bitPattern, "\(plain)")
        }
        #expect(try FractionText.parse("0.02", in: .open) == 0.02)
        #expect(try FractionText.parse("2e-2", in: .open) == 0.02)
        #expect(try FractionText.parse("100%", in: .closed) == 1)
        #expect(try FractionText.parse("0", in: .closed) == 0)
        #expect(try FractionText.parse("1", in: .closed) == 1)
    }

    /// A bare 5 could mean 5 % or 500 %: refused, asking which.
    @Test func bareNumberAboveOneIsRefusedWithAHint() {
        let p = Self.problem("5")
        #expect(p?.kind == .bareAboveOne)
        #expect(p?.message.contains("did you mean 5%?") == true, "\(String(describing: p))")
        #expect(p?.message.contains("0.05") == true)
        let q = Self.problem("12.5", .closed)
        #expect(q?.kind == .bareAboveOne && q?.message.contains("did you mean 12.5%?") == true)
        #expect(q?.message.contains("0.125") == true)
    }

    @Test func rangesAreEnforced() {
        // A tolerance or α: strictly between 0 and 100 %.
        #expect(Self.problem("100%")?.kind == .outOfRange)
        #expect(Self.problem("100%")?.message.contains("strictly between 0% and 100%") == true)
        #expect(Self.problem("0")?.kind == .outOfRange)
        #expect(Self.problem("0%")?.kind == .outOfRange)
        #expect(Self.problem("1")?.kind == .outOfRange)
        #expect(Self.problem("-0.1")?.kind == .outOfRange)
        #expect(Self.problem("150%", .closed)?.kind == .outOfRange)
        #expect(Self.problem("100%", .belowOne)?.kind == .outOfRange)
        #expect(Self.problem("99%", .belowOne) == nil)
    }

    @Test func nonNumbersAreRefused() {
        for text in ["", "   ", "%", "nan", "NaN", "inf", "-inf", "infinity", "nan%", "inf%", "1e999", "two", "2%%",
                     "0x1p-3", "2 %x", "1e5%", "--1"] {
            #expect(Self.problem(text)?.kind == .notAFraction, "\(text)")
        }
        #expect(Self.problem("")?.message.contains("empty") == true)
    }

    /// A value already read as a number (YAML) keeps its bits.
    @Test func checkKeepsTheValue() throws {
        let v = 0.1 + 0.2
        #expect(try FractionText.check(v, text: "0.30000000000000004", in: .closed).bitPattern == v.bitPattern)
        #expect(throws: FractionText.Problem.self) { try FractionText.check(20, text: "20", in: .closed) }
        #expect(throws: FractionText.Problem.self) { try FractionText.check(.nan, text: ".nan", in: .closed) }
    }
}
