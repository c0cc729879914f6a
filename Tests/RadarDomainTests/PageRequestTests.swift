import Foundation
import RadarDomain
import Testing

@Suite("Page requests and their cursors")
struct PageRequestTests {
    @Test("a cursor's key survives its token, which is URL-safe base64 without padding")
    func aCursorRoundTripsThroughItsToken() throws {
        let key = ["Zoë O'Brien / ?&=+", "zoe@example.org", "8A1F0C52-8D4E-4C3B-9E6A-1D2F3A4B5C6D"]
        let token = PageCursor(key: key).token
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(PageCursor(token: token)?.key == key)
        #expect(try PageRequest(limit: nil, cursor: token) == PageRequest(limit: 50, after: PageCursor(key: key)))
    }

    @Test(arguments: ["", "%%%", "bzox", "W10", String(repeating: "A", count: 4000)])
    func textThatIsNotACursorIsRefused(text: String) {
        #expect(PageCursor(token: text) == nil)
    }

    @Test(arguments: [(0, false), (1, true), (200, true), (201, false)])
    func theLimitIsFromOneToTwoHundred(limit: Int, accepted: Bool) {
        #expect(((try? PageRequest(limit: limit, cursor: nil)) != nil) == accepted)
    }

    @Test("a key of the wrong shape is refused naming `cursor`")
    func aKeyOfTheWrongShapeIsRefused() throws {
        let cursor = PageCursor(key: ["2026-03-02", "x", UUID().uuidString])
        #expect(try cursor.key(shaped: [.date, .text, .uuid]) == cursor.key)
        for shape: [SortKeyPart] in [[.date, .text], [.text, .date, .uuid], [.instant, .text, .uuid]] {
            #expect(throws: ValidationFailure.self) { try cursor.key(shaped: shape) }
        }
        #expect(throws: ValidationFailure.self) {
            try PageCursor(key: ["-99999999999999999", "x"]).key(shaped: [.instant, .text])
        }
    }
}
