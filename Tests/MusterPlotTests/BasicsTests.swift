import Foundation
import Testing
@testable import MusterPlot

@Suite struct BasicsTests {
    @Test func xmlEscapingCoversTheReservedCharacters() {
        #expect(XMLText.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        // Control characters XML 1.0 forbids are dropped; tabs and newlines stay.
        #expect(XMLText.escape("x\u{01}y\tz\n") == "xy\tz\n")
        #expect(XMLText.escape("北仑 · 54.3 h") == "北仑 · 54.3 h")
    }

    @Test func coordinatesHaveAtMostTwoDecimalsAndNoNegativeZero() {
        #expect(SVGNumber.format(3) == "3")
        #expect(SVGNumber.format(12.5) == "12.5")
        #expect(SVGNumber.format(-2.25) == "-2.25")
        #expect(SVGNumber.format(1.0 / 3) == "0.33")
        #expect(SVGNumber.format(-0.001) == "0")
        #expect(SVGNumber.format(.nan) == "0")
    }

    @Test func theOkabeItoColoursExactly() {
        #expect([Palette.black, Palette.orange, Palette.skyBlue, Palette.bluishGreen, Palette.yellow,
                 Palette.blue, Palette.vermillion, Palette.reddishPurple].map(\.hex)
                == ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"])
        #expect(Set(Palette.series.map(\.hex)).count == 8)
        #expect(Palette.color(8) == Palette.color(0) && Palette.color(-1) == Palette.series.last)
    }

    @Test func textColourOnAFillFollowsContrast() {
        // WCAG contrast: yellow and sky blue take black text, blue and black take white.
        #expect(Palette.yellow.prefersDarkText)
        #expect(Palette.skyBlue.prefersDarkText)
        #expect(!Palette.blue.prefersDarkText)
        #expect(!Palette.black.prefersDarkText)
    }

    @Test func wrappingKeepsLinesWithinTheWidth() {
        let text = "Scenario beilun · seed 20200601 · 200 replications · muster 0.1.0. Line: the median replication."
        let lines = TextMetrics.wrap(text, size: 12, maxWidth: 300)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { TextMetrics.width($0, size: 12) <= 300 })
        #expect(lines.joined(separator: " ") == text)
    }

    @Test func slugsAreIdSafe() {
        #expect(Slug.make("Point-to-point (app)") == "point-to-point-app")
        #expect(Slug.make("tiered") == "tiered")
        #expect(Slug.make("·") == "x")
    }
}
