import Foundation

/// How instants are written and read on the command line: ISO 8601 with offset.
enum Timestamps {
    static func format(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
    }
}
