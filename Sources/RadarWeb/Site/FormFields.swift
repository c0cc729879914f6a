import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (or a query string), in order, repeats kept.
public struct FormFields: Sendable {
    public private(set) var pairs: [(name: String, value: String)]

    public init(pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Parses `name=value&…`, with `+` as a space and percent escapes; NUL characters are dropped, since
    /// PostgreSQL cannot store them.
    public init(urlEncoded text: String) {
        pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return (spaced.removingPercentEncoding ?? spaced).replacingOccurrences(of: "\u{0}", with: "")
            }
            return (decode(halves[0]), halves.count > 1 ? decode(halves[1]) : "")
        }
    }

    /// The first value of `name`, or nil when absent.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// The first value of `name`, trimmed, or nil when absent or blank.
    public func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Every value of `name` (checkboxes, multi-selects).
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }
}
