import ArgumentParser
import Foundation
import RadarDomain
import RadarStore

extension Radar.InitiativeCommand {
    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol a person in an initiative (again: change their role and day).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The initiative's ref.") var ref: String
        @Option(help: "E-mail of the stakeholder to enrol.") var email: String
        @Option(help: "Role: \(EnrolmentRole.acceptedValues) (default participant).") var role: String?
        @Option(help: "The day they joined (default: the initiative's first day).") var on: CalendarDate?

        func run() async throws {
            let (ref, draft) = (ref, EnrolmentDraft(email: email, role: role, enrolledOn: on))
            let member = try await options.inOrganisation { try InitiativeMembers($0).enrol(initiative: ref, draft) }
            options.emit(MemberReport.make([member], roster: nil))
        }
    }

    struct Leave: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a member left an initiative; their attendance stays.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The initiative's ref.") var ref: String
        @Option(help: "E-mail of the member.") var email: String
        @Option(help: "The day they left (default: today in the organisation's time zone).") var on: CalendarDate?

        func run() async throws {
            let (ref, email, on) = (ref, email, on)
            let member = try await options.inOrganisation { tx in
                try InitiativeMembers(tx).leave(
                    initiative: ref, email: email, on: on ?? CalendarDate(.now, in: tx.organisation.zone))
            }
            options.emit(MemberReport.make([member], roster: nil))
        }
    }

    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List an initiative's members with the sessions each attended and missed in a row.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The initiative's ref.") var ref: String
        @Option(help: ArgumentHelp("Count sessions up to this time. \(TimeArgument.help)", valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            let (ref, asOf) = (ref, asOf)
            let roster = try await options.inOrganisation { tx in
                try InitiativeMembers(tx).roster(initiative: ref, asOf: asOf?.resolve(in: tx.organisation.zone) ?? .now)
            }
            options.emit(MemberReport.make(roster.members, roster: roster))
        }
    }

    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List an initiative's sessions, oldest first, with attendance and the next session due.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The initiative's ref.") var ref: String
        @Option(help: ArgumentHelp("Only sessions up to this time. \(TimeArgument.help)", valueName: "time"))
        var asOf: TimeArgument?

        func run() async throws {
            let (ref, asOf) = (ref, asOf)
            let roster = try await options.inOrganisation { tx in
                try InitiativeMembers(tx).roster(initiative: ref, asOf: asOf?.resolve(in: tx.organisation.zone) ?? .now)
            }
            options.emit(
                Report(
                    columns: ["ref", "occurred_at", "kind", "attended", "missing"],
                    rows: roster.sessions.map { session in
                        let missing = roster.members.filter {
                            (roster.attendance(of: $0, at: session) ?? .attended) != .attended
                        }
                        return [
                            session.ref, Timestamps.format(session.occurredAt), session.kind.rawValue,
                            String(session.attendance.values.filter { $0 == .attended }.count),
                            missing.map(\.email).joined(separator: ";"),
                        ]
                    }))
            if options.format == .table, let due = roster.nextSessionDue {
                Console.current.print("next session due: \(due)")
            }
        }
    }
}

/// An initiative's members as rows.
enum MemberReport {
    static func make(_ members: [InitiativeMember], roster: InitiativeRoster?) -> Report {
        Report(
            columns: ["email", "name", "role", "enrolled_on", "left_on", "attended", "missed_in_row"],
            rows: members.map { member in
                [
                    member.email, member.name, member.role.rawValue, member.enrolledOn.description,
                    member.leftOn?.description, roster.map { String($0.attended(member)) },
                    roster.map { String($0.missedInRow(member)) },
                ]
            })
    }
}
