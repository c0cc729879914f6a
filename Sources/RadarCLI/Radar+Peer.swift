import ArgumentParser
import Foundation
import RadarDomain
import RadarStore

extension Radar {
    /// `radar peer …`: pairs and trios coaching each other inside a peer-coaching initiative.
    struct PeerCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "peer",
            abstract: "Peer-coaching pairs and trios: form them, end them, list them with their last meeting.",
            discussion: """
                A group's meetings are the initiative's sessions (radar conversation record --initiative REF) that \
                at least two of its members attended.
                """,
            subcommands: [Group.self, Groups.self, End.self]
        )

        struct Group: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Form a pair or trio in a peer-coaching initiative, with how often it means to meet.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The peer-coaching initiative's ref.") var initiative: String
            @Option(help: "The group's name, unique in the initiative.") var name: String
            @Option(name: .customLong("member"), help: "A member's e-mail; give two or three.") var members: [String] =
                []
            @Option(help: "Every how many days it means to meet (1-366).") var rhythm: Int
            @Option(help: "Its first day (default: today in the organisation's time zone).") var on: CalendarDate?

            func run() async throws {
                let (ref, draft) = (
                    initiative, PeerGroupDraft(name: name, members: members, startsOn: on, rhythmDays: rhythm)
                )
                let group = try await options.inOrganisation { tx in
                    try PeerGroups(tx).add(initiative: ref, draft, today: CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(PeerGroupReport.make([group]))
            }
        }

        struct Groups: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List peer groups with meetings and the next one due: of an initiative, a person, or all.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "Only this initiative's (ref).") var initiative: String?
            @Option(help: "Only those this person is in (e-mail).") var email: String?
            @Option(help: ArgumentHelp("Count meetings up to this time. \(TimeArgument.help)", valueName: "time"))
            var asOf: TimeArgument?

            func run() async throws {
                let (ref, email, asOf) = (initiative, email, asOf)
                let groups = try await options.inOrganisation { tx in
                    try PeerGroups(tx).groups(
                        initiative: ref, email: email, asOf: asOf?.resolve(in: tx.organisation.zone) ?? .now)
                }
                options.emit(PeerGroupReport.make(groups))
            }
        }

        struct End: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Record a peer group's last day.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The peer-coaching initiative's ref.") var initiative: String
            @Option(help: "The group's name.") var name: String
            @Option(help: "Its last day (default: today in the organisation's time zone).") var on: CalendarDate?

            func run() async throws {
                let (ref, name, on) = (initiative, name, on)
                let group = try await options.inOrganisation { tx in
                    let groups = PeerGroups(tx)
                    return try groups.end(
                        id: try groups.find(initiative: ref, name: name),
                        on: on ?? CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(PeerGroupReport.make([group]))
            }
        }
    }
}

/// Peer groups as rows; members by e-mail, separated by semicolons as in the CSV file.
enum PeerGroupReport {
    static func make(_ groups: [PeerGroup]) -> Report {
        Report(
            columns: [
                "initiative", "name", "members", "starts_on", "ends_on", "rhythm_days", "meetings", "last_met_on",
                "next_due",
            ],
            rows: groups.map { group in
                [
                    group.initiativeRef, group.name, group.members.map(\.email).joined(separator: ";"),
                    group.startsOn.description, group.endsOn?.description, String(group.rhythmDays),
                    String(group.meetings), group.lastMetOn?.description,
                    group.endsOn == nil ? group.nextMeetingDue.description : nil,
                ]
            })
    }
}

extension Radar.PeerCommand.Group: OptionNaming {
    static let optionNames: [FieldPath: String] = ["startsOn": "on", "rhythmDays": "rhythm"]
}

extension Radar.PeerCommand.End: OptionNaming {
    static let optionNames: [FieldPath: String] = ["endsOn": "on"]
}
