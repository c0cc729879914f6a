import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarStore

extension Radar {
    /// `radar conversation …`: record a whole conversation in one command, list and show them.
    struct ConversationCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "conversation",
            abstract: "Record, list and show stakeholder conversations.",
            subcommands: [Record.self, List.self, Show.self]
        )

        struct Record: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record a conversation with its participants, guidelines, fears and commitments.",
                discussion: """
                    Everything is recorded in one transaction: if any part is wrong, nothing is recorded.
                    Example:
                      radar conversation record --at 2026-03-02T09:30 --kind one_to_one --initiated-by hr@acme.test \\
                        --participant ceo@acme.test:attended:supportive --participant cfo@acme.test:declined \\
                        --guideline G06 --guideline G07 --notes-file notes.txt \\
                        --fear "ceo@acme.test:time:high:Worried the top team has no hours left for it" \\
                        --commitment "ceo@acme.test,cfo@acme.test:2026-03-20:Open the next leadership offsite with it"
                    """
            )
            @OptionGroup var options: GlobalOptions
            @Option(help: ArgumentHelp("When it happened. \(TimeArgument.help)", valueName: "time")) var at:
                TimeArgument
            @Option(help: "Kind: \(ConversationKind.acceptedValues).") var kind: String
            @Option(help: "What it was for: \(ConversationPurpose.acceptedValues) (unrecorded counts as an ask).")
            var purpose: String?
            @Option(help: "E-mail of the stakeholder who initiated it.") var initiatedBy: String?
            @Option(
                name: .customLong("participant"),
                help: ArgumentHelp(
                    "EMAIL[:ATTENDANCE[:ENGAGEMENT]], repeatable. Attendance: \(Attendance.acceptedValues) (default attended).",
                    valueName: "participant"))
            var participants: [String] = []
            @Option(name: .customLong("guideline"), help: "Guideline code touched (G01–G12, P00), repeatable.")
            var guidelines: [String] = []
            @Option(help: "Notes (sensitive).") var notes: String?
            @Option(help: "Read the notes from this file.") var notesFile: String?
            @Option(
                name: .customLong("fear"),
                help: ArgumentHelp(
                    "EMAIL:CATEGORY:SEVERITY:STATEMENT, repeatable (SEVERITY may be empty). Categories: \(FearCategory.acceptedValues).",
                    valueName: "fear"))
            var fears: [String] = []
            @Option(
                name: .customLong("commitment"),
                help: ArgumentHelp(
                    "OWNER-EMAIL[,PARTNER-EMAIL]:DUE-DATE:DESCRIPTION, repeatable (DUE-DATE may be empty; "
                        + "PARTNER-EMAIL names an accountability partner).", valueName: "commitment"))
            var commitments: [String] = []
            @Option(help: "Your own reference for it (default: generated).") var ref: String?
            @Option(help: "The ref of the initiative it is a session of.") var initiative: String?

            func validate() throws {
                if notes != nil, notesFile != nil {
                    throw ValidationError("--notes and --notes-file: give one, not both")
                }
                if participants.isEmpty { throw ValidationError("--participant: at least one participant is required") }
            }

            func run() async throws {
                let noteText =
                    try notesFile.map { path in
                        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
                            throw ValidationError("--notes-file: cannot read \(path)")
                        }
                    } ?? notes
                let parsedParticipants = try participants.map(Self.participant)
                let parsedFears = try fears.map(Self.fear)
                let parsedCommitments = try commitments.map(Self.commitment)
                let at = at
                let kind = kind, purpose = purpose, initiatedBy = initiatedBy, guidelines = guidelines, ref = ref
                let initiative = initiative
                let recorded = try await options.inOrganisation { tx in
                    let draft = ConversationDraft(
                        ref: ref, occurredAt: at.resolve(in: tx.organisation.zone), kind: .text(kind),
                        purpose: purpose.map { .text($0) }, initiatedBy: initiatedBy, participants: parsedParticipants,
                        guidelines: guidelines.map { .text($0) }, notes: noteText,
                        fears: parsedFears, commitments: parsedCommitments, initiative: initiative)
                    return try Conversations(tx).record(draft, now: .now)
                }
                if options.format == .json {
                    try options.emitJSON(recorded)
                } else {
                    Console.current.print(
                        "recorded conversation \(recorded.ref): \(recorded.participants.count) participants, "
                            + "\(recorded.guidelines.count) guidelines, \(recorded.fears.count) fears, "
                            + "\(recorded.commitments.count) commitments")
                }
            }

            static func participant(_ text: String) throws -> ConversationDraft.Participant {
                let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard (1...3).contains(parts.count), !parts[0].isEmpty else {
                    throw ValidationError("--participant: \"\(text)\" should be EMAIL[:ATTENDANCE[:ENGAGEMENT]]")
                }
                return ConversationDraft.Participant(
                    email: parts[0],
                    attendance: parts.count > 1 && !parts[1].isEmpty ? .text(parts[1]) : .value(.attended),
                    engagement: parts.count > 2 && !parts[2].isEmpty ? .text(parts[2]) : nil)
            }

            static func fear(_ text: String) throws -> ConversationDraft.VoicedFear {
                let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 4 else {
                    throw ValidationError("--fear: \"\(text)\" should be EMAIL:CATEGORY:SEVERITY:STATEMENT")
                }
                return ConversationDraft.VoicedFear(
                    email: parts[0], category: .text(parts[1]), statement: parts[3],
                    severity: parts[2].isEmpty ? nil : .text(parts[2]))
            }

            static func commitment(_ text: String) throws -> ConversationDraft.Promise {
                let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3 else {
                    throw ValidationError(
                        "--commitment: \"\(text)\" should be OWNER-EMAIL[,PARTNER-EMAIL]:DUE-DATE:DESCRIPTION")
                }
                var due: CalendarDate?
                if !parts[1].isEmpty {
                    guard let date = CalendarDate(parts[1]) else {
                        throw ValidationError("--commitment: due date \"\(parts[1])\" is not a date like 2026-03-20")
                    }
                    due = date
                }
                let people = parts[0].split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                if people.count == 2, people[1].isEmpty {
                    throw ValidationError("--commitment: \"\(text)\" has a comma but no partner's e-mail after it")
                }
                return ConversationDraft.Promise(
                    ownerEmail: people[0], description: parts[2], dueOn: due, partnerEmail: people.count == 2 ? people[1] : nil)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List conversations, newest first.")
            @OptionGroup var options: GlobalOptions
            @Option(help: ArgumentHelp("Only from this time on. \(TimeArgument.help)", valueName: "time"))
            var from: TimeArgument?
            @Option(help: ArgumentHelp("Only up to this time.", valueName: "time")) var to: TimeArgument?
            @Option(help: "Only conversations with this participant (e-mail).") var participant: String?
            @Option(help: "At most this many.") var limit = 100

            func run() async throws {
                let from = from, to = to, participant = participant, limit = limit
                let found = try await options.inOrganisation { tx in
                    try Conversations(tx).list(
                        from: from?.resolve(in: tx.organisation.zone),
                        to: to?.resolve(in: tx.organisation.zone),
                        participant: participant, limit: limit)
                }
                options.emit(
                    Report(
                        columns: [
                            "ref", "occurred_at", "kind", "initiated_by", "participants", "guidelines", "fears",
                            "commitments",
                        ],
                        rows: found.map { conversation in
                            [
                                conversation.ref, Timestamps.format(conversation.occurredAt),
                                conversation.kind.rawValue,
                                conversation.initiatedBy,
                                conversation.participants.map { "\($0.email) (\($0.attendance.rawValue))" }
                                    .joined(separator: "; "),
                                conversation.guidelines.map(\.rawValue).joined(separator: ";"),
                                String(conversation.fears.count), String(conversation.commitments.count),
                            ]
                        }))
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one conversation in full.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The conversation's ref.") var ref: String

            func run() async throws {
                let ref = ref
                let conversation = try await options.inOrganisation { try Conversations($0).show(ref: ref) }
                if options.format == .json { try options.emitJSON(conversation); return }
                var lines = [
                    "ref:          \(conversation.ref)",
                    "occurred at:  \(Timestamps.format(conversation.occurredAt))",
                    "kind:         \(conversation.kind.rawValue)",
                    "purpose:      \(conversation.purpose?.rawValue ?? "not recorded")",
                    "initiated by: \(conversation.initiatedBy ?? "-")",
                    "session of:   \(conversation.initiativeRef ?? "-")",
                    "guidelines:   \(conversation.guidelines.map(\.rawValue).joined(separator: ", "))",
                    "participants:",
                ]
                lines += conversation.participants.map {
                    "  \($0.name) <\($0.email)>: \($0.attendance.rawValue)"
                        + ($0.engagement.map { ", seemed \($0.rawValue)" } ?? "")
                }
                lines +=
                    ["fears:"]
                    + conversation.fears.map {
                        "  [\($0.id.uuidString.prefix(8).lowercased())] \($0.email) \($0.category.rawValue)/"
                            + "\($0.severity.rawValue): \($0.statement)"
                    }
                lines +=
                    ["commitments:"]
                    + conversation.commitments.map {
                        "  [\($0.id.uuidString.prefix(8).lowercased())] \($0.ownerEmail) due \($0.dueOn?.description ?? "-"): "
                            + ($0.description ?? "")
                    }
                lines += ["notes:", conversation.notes ?? ""]
                Console.current.print(lines.joined(separator: "\n"))
            }
        }
    }
}

extension Radar.ConversationCommand.Record: OptionNaming {
    static let optionNames: [FieldPath: String] = ["occurredAt": "at"]
}
