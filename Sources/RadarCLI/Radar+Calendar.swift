import ArgumentParser
import Foundation
import RadarCalendar
import RadarDomain
import RadarFeeds
import RadarStore

extension Radar {
    /// `radar calendar …`: meetings captured from calendars, reviewed before they are recorded as conversations.
    struct CalendarCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Capture conversations from calendars: import .ics files, subscribe feeds, review the drafts.",
            discussion: """
                A meeting with at least one tracked stakeholder on it becomes a draft; nothing is recorded until you \
                confirm it. Importing the same meeting again, or a moved or cancelled one, updates or withdraws its \
                draft; a dismissed draft stays dismissed.
                """,
            subcommands: [ImportFile.self, Drafts.self, Confirm.self, Dismiss.self, Feed.self]
        )

        /// The stretch of a file that is taken in: meetings of the last 400 days and the next 60.
        static func fileWindow(around instant: Date) -> CalendarWindow {
            .around(instant, before: 400 * 86_400, after: 60 * 86_400)
        }

        struct ImportFile: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import",
                abstract: "Take the meetings of an .ics file (an Outlook or Google export) into the review queue.",
                discussion: "A file with any error is refused whole, naming the line and property; nothing is taken.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The .ics file.") var file: String
            @Option(help: ArgumentHelp("Read the file around this time (default: now). \(TimeArgument.help)", valueName: "time"))
            var asOf: TimeArgument?

            func run() async throws {
                let text: String
                do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                    throw ValidationError("\(file): cannot read it as UTF-8 text")
                }
                let (asOf, file) = (asOf, file)
                let intake = try await options.inOrganisation { tx in
                    let instant = asOf?.resolve(in: tx.organisation.zone) ?? .now
                    let meetings: [CalendarMeeting]
                    do {
                        meetings = try CalendarFile(text: text, floatingZone: tx.organisation.zone)
                            .meetings(in: CalendarCommand.fileWindow(around: instant))
                    } catch {
                        throw ValidationFailure([ValidationProblem(field: "file", message: "\(file): \(error)")])
                    }
                    return try CalendarDrafts(tx).take(meetings, from: .file)
                }
                if options.format == .json {
                    try options.emitJSON(intake)
                } else {
                    Console.current.print("\(file): \(intake.summary)")
                }
            }
        }

        struct Drafts: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the review queue (or drafts of another state), in the order of the meetings.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Which drafts: \(CalendarDraftState.acceptedValues), or all (default pending).")
            var state: String = "pending"

            func run() async throws {
                let state: CalendarDraftState? =
                    state == "all" ? nil : try CalendarDraftState.parse(state, field: "state")
                let drafts = try await options.inOrganisation { tx in
                    try CalendarDrafts(tx).list(state: state)
                }
                if options.format == .json {
                    try options.emitJSON(drafts)
                } else {
                    options.emit(CalendarDraftReport.make(drafts, asOf: .now))
                }
            }
        }

        struct Confirm: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record drafts as conversations from the calendar, with guidelines, engagement and notes.",
                discussion: """
                    All the drafts named are recorded in one transaction. Attendance comes from the invitation \
                    answers (accepted: attended, declined: declined); a participant who did not answer is recorded as \
                    attended unless --attendance says otherwise.
                    Example:
                      radar calendar confirm 3f2a9c1e 77b0d4aa --guideline G06 --engagement ceo@acme.test:supportive
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The drafts' ids (the first 8 characters are enough).") var ids: [String]
            @Option(help: "Kind, over the guess from the number of people: \(ConversationKind.acceptedValues).")
            var kind: String?
            @Option(help: "What it was for: \(ConversationPurpose.acceptedValues).") var purpose: String?
            @Option(name: .customLong("guideline"), help: "Guideline code touched (G01–G12, P00), repeatable.")
            var guidelines: [String] = []
            @Option(name: .customLong("engagement"), help: "EMAIL:LEVEL observed, repeatable.") var engagement: [String] =
                []
            @Option(name: .customLong("attendance"), help: "EMAIL:ATTENDANCE over the calendar's, repeatable.")
            var attendance: [String] = []
            @Option(help: "Notes (sensitive).") var notes: String?

            func validate() throws {
                if ids.isEmpty { throw ValidationError("ids: name at least one draft") }
            }

            func run() async throws {
                let confirmation = CalendarConfirmation(
                    kind: kind.map { .text($0) }, purpose: purpose.map { .text($0) },
                    guidelines: guidelines.map { .text($0) },
                    engagement: try Self.pairs(engagement, option: "engagement"),
                    attendance: try Self.pairs(attendance, option: "attendance"), notes: notes)
                let ids = ids
                let recorded = try await options.inOrganisation { tx in
                    let drafts = CalendarDrafts(tx)
                    return try ids.map { try drafts.confirm($0, confirmation, now: .now) }
                }
                if options.format == .json {
                    try options.emitJSON(recorded)
                } else {
                    for (id, conversation) in zip(ids, recorded) {
                        Console.current.print(
                            "confirmed \(id) as conversation \(conversation.ref): \(conversation.kind), "
                                + "\(conversation.participants.count) participants")
                    }
                }
            }

            static func pairs<V>(_ texts: [String], option: String) throws -> [String: Word<V>] {
                var words: [String: Word<V>] = [:]
                for text in texts {
                    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                    guard parts.count == 2, !parts[0].isEmpty else {
                        throw ValidationError("--\(option): \"\(text)\" should be EMAIL:WORD")
                    }
                    words[parts[0]] = .text(parts[1])
                }
                return words
            }
        }

        struct Dismiss: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Take drafts out of the queue for good: not conversations worth recording.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The drafts' ids (the first 8 characters are enough).") var ids: [String]

            func run() async throws {
                let ids = ids
                let drafts = try await options.inOrganisation { tx in
                    let drafts = CalendarDrafts(tx)
                    return try ids.map { try drafts.dismiss($0) }
                }
                options.emit(CalendarDraftReport.make(drafts, asOf: .now))
            }
        }
    }
}

/// Drafts as rows: the short id to confirm by, when, the guessed kind, the tracked people with what the calendar
/// says of their attendance, and how many others were there.
enum CalendarDraftReport {
    static func make(_ drafts: [CalendarDraft], asOf instant: Date) -> Report {
        Report(
            columns: ["id", "starts_at", "kind", "summary", "organiser", "participants", "others", "state", "source"],
            rows: drafts.map { draft in
                [
                    String(draft.id.uuidString.lowercased().prefix(8)), Timestamps.format(draft.startsAt),
                    draft.guessedKind.rawValue, draft.summary, draft.organiserEmail,
                    draft.participants.map {
                        "\($0.email.lowercased()):\($0.attendance(startingAt: draft.startsAt, asOf: instant)?.rawValue ?? "unknown")"
                    }.joined(separator: ";"),
                    String(draft.people.count - draft.participants.count), draft.state.rawValue,
                    draft.feed ?? draft.source,
                ]
            })
    }
}
