import Foundation
import RadarDomain

/// Numbers for the inline SVG charts; the templates draw them with classes, never inline styles.
enum Charts {
    /// A sparkline of scores 0–100 in a `width` × `height` box: the polyline's points (gaps skipped) and the last
    /// point, for its dot.
    static func sparkline(
        _ scores: [Int?], width: Double = 120, height: Double = 30
    )
        -> (points: String, last: (x: Double, y: Double)?)
    {
        guard scores.count > 1 else { return ("", nil) }
        let step = width / Double(scores.count - 1)
        var points: [String] = []
        var last: (Double, Double)?
        for (index, score) in scores.enumerated() {
            guard let score else { continue }
            let x = Double(index) * step
            let y = height - 2 - Double(min(max(score, 0), 100)) / 100 * (height - 4)
            points.append("\(format(x)),\(format(y))")
            last = (x, y)
        }
        return (points.joined(separator: " "), last.map { (x: $0.0, y: $0.1) })
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// The power/interest grid's side in SVG units, and its margin for the axis labels.
    static let gridSide = 300.0
    static let gridMargin = 30.0

    /// Where a stakeholder with `interest` (x) and `influence` (y), both 1–5, sits; the `offset`-th person in the
    /// same cell is nudged so dots do not hide each other.
    static func gridPosition(interest: Int, influence: Int, offset: Int) -> (x: Double, y: Double) {
        let cell = (gridSide - gridMargin) / 5
        let nudgeX = Double(offset % 3 - 1) * 17, nudgeY = Double(offset / 3 % 3) * 17 - 8
        let x = gridMargin + (Double(min(max(interest, 1), 5)) - 0.5) * cell + nudgeX
        let y = (5.5 - Double(min(max(influence, 1), 5))) * cell + nudgeY
        return (x, y)
    }
}
