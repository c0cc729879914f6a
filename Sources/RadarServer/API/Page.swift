internal import Foundation
import RadarDomain

/// One page of a list: the repositories answer whole (sorted) lists; the cursor is the opaque offset of the next page.
struct Page<Item> {
    var items: [Item]
    var nextCursor: String?

    static var defaultLimit: Int { 50 }
    static var maximumLimit: Int { 200 }

    init(_ all: [Item], cursor: String?, limit: Int?) throws {
        let limit = limit ?? Self.defaultLimit
        var problems: [ValidationProblem] = []
        if !(1...Self.maximumLimit).contains(limit) {
            problems.append(.init(field: "limit", message: "\(limit) is not from 1 to \(Self.maximumLimit)"))
        }
        var offset = 0
        if let cursor {
            if let decoded = Self.offset(from: cursor) { offset = decoded } else {
                problems.append(.init(field: "cursor", message: "is not a cursor this service gave out"))
            }
        }
        if !problems.isEmpty { throw APIProblem.validation(problems) }
        let start = min(offset, all.count)
        let end = min(start + limit, all.count)
        items = Array(all[start..<end])
        nextCursor = end < all.count ? Self.cursor(for: end) : nil
    }

    static func cursor(for offset: Int) -> String {
        Data("o:\(offset)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func offset(from cursor: String) -> Int? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
              plain.hasPrefix("o:"), let offset = Int(plain.dropFirst(2)), offset >= 0
        else { return nil }
        return offset
    }
}
