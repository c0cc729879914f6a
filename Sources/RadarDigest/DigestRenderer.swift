import Foundation
import Postgres
import RadarDomain

/// Turns a digest into text, Markdown, HTML or JSON. Renderers only lay out what the `Digest` already holds.
public enum DigestRenderer {
    public static func render(_ digest: Digest, as format: DigestFormat) -> String {
        switch format {
        case .text: TextDigestRenderer.render(digest)
        case .markdown: MarkdownDigestRenderer.render(digest)
        case .html: HTMLDigestRenderer.render(digest)
        case .json: json(digest)
        }
    }

    /// Pretty JSON with sorted keys and a final newline.
    static func json(_ digest: Digest) -> String {
        // Every field is a plain string, number, array or nested struct: encoding cannot fail.
        let data = (try? digest.jsonData()) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Formatting shared by the renderers: days, score lines, bars. Presentation only.
enum DigestFormatting {
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    /// "3 March 2026".
    static func day(_ day: CalendarDate) -> String {
        "\(day.day) \(months[day.month - 1]) \(day.year)"
    }

    /// "3 Mar".
    static func shortDay(_ day: CalendarDate) -> String {
        "\(day.day) \(months[day.month - 1].prefix(3))"
    }

    /// "Monday 22 June to Sunday 28 June 2026".
    static func weekRange(_ digest: Digest) -> String {
        let start = digest.weekStart
        let end = digest.weekEnd
        let startText = start.year == end.year ? "\(start.day) \(months[start.month - 1])" : day(start)
        return "Monday \(startText) to Sunday \(day(end))"
    }

    /// The scores as block characters scaled between their lowest and highest, a space where none was taken.
    static func blocks(_ scores: [Int?]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        let (low, high) = range(scores)
        return String(
            scores.map { score -> Character in
                guard let score else { return "·" }
                let position = Double(score - low) / Double(high - low)
                return blocks[min(blocks.count - 1, Int((position * Double(blocks.count - 1)).rounded()))]
            })
    }

    /// The range a sparkline spans: at least ten points, so a wobble of one or two does not look like a cliff.
    static func range(_ scores: [Int?]) -> (low: Int, high: Int) {
        let values = scores.compactMap { $0 }
        guard let low = values.min(), let high = values.max() else { return (0, 100) }
        if high - low >= 10 { return (low, high) }
        let middle = (low + high) / 2
        return (max(0, middle - 5), max(0, middle - 5) + 10)
    }

    /// "62 → 51", "51", or "no score".
    static func scoreChange(from last: Int?, to now: Int?) -> String {
        switch (last, now) {
        case let (last?, now?): "\(last) → \(now)"
        case let (nil, now?): "\(now)"
        default: "no score"
        }
    }

    /// "+2", "-1", "±0".
    static func signed(_ value: Int) -> String {
        value > 0 ? "+\(value)" : value < 0 ? "−\(-value)" : "±0"
    }

    /// How a flag was set aside: "Acknowledged by ana: on it" or "Snoozed until 20 March 2026 by ana: on leave".
    static func setAside(_ flag: DigestFlag) -> String {
        var text =
            flag.status == .snoozed
            ? "Snoozed" + (flag.snoozedUntil.map { " until \(day($0))" } ?? "")
            : DigestWording.capitalised(flag.status.rawValue)
        if let who = flag.setAsideBy { text += " by \(who)" }
        if let reason = flag.reason, !reason.isEmpty { text += ": \(reason)" }
        return text
    }

    static func evidence(_ facts: [DigestFact]) -> String {
        facts.map { "\($0.label): \($0.value)" }.joined(separator: "; ")
    }
}
