import ArgumentParser
import Foundation
import RadarDomain
import RadarStore

extension Radar {
    /// `radar coaching …`: leaders' own coaching goals, observations of them, and whether they are coached.
    struct CoachingCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coaching",
            abstract: "Leaders' coaching goals, dated observations of them, and their own coaching.",
            subcommands: [Goal.self, Goals.self, Observe.self, Coached.self, Coaching.self]
        )

        struct Goal: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set a coaching goal for a leader, phrased as a behaviour others can see.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The leader's e-mail.") var email: String
            @Option(help: "Behaviour: \(CoachingBehaviour.acceptedValues).") var behaviour: String
            @Option(help: "The behaviour in the leader's words (required for other).") var description: String?
            @Option(help: "How it will be observed, and by whom.") var observedHow: String?
            @Option(help: "The day it is set (default: today in the organisation's time zone).") var on: CalendarDate?
            @Option(help: "When it is next reviewed.") var reviewOn: CalendarDate?

            func run() async throws {
                let email = email
                let draft = CoachingGoalDraft(
                    behaviour: behaviour, description: description, observedHow: observedHow, setOn: on,
                    reviewOn: reviewOn)
                let goal = try await options.inOrganisation { tx in
                    try CoachingGoals(tx).add(email: email, draft, today: CalendarDate(.now, in: tx.organisation.zone))
                }
                options.emit(CoachingReport.goals([goal]))
            }
        }

        struct Goals: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List coaching goals with their last review, of one leader or of everyone.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Only this leader's (e-mail).") var email: String?

            func run() async throws {
                let email = email
                let goals = try await options.inOrganisation { try CoachingGoals($0).goals(email: email) }
                options.emit(CoachingReport.goals(goals))
            }
        }

        struct Observe: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record a dated observation of a leader's goal; it counts as the goal's review.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The leader's e-mail.") var email: String
            @Option(help: "The goal's id (from `radar coaching goals`).") var goal: String
            @Option(help: "What was seen (sensitive).") var note: String
            @Option(help: "The day it was seen (default: today).") var on: CalendarDate?

            func run() async throws {
                guard let id = UUID(uuidString: goal) else { throw ValidationError("--goal: \"\(goal)\" is not an id") }
                let (email, note, on) = (email, note, on)
                let goal = try await options.inOrganisation { tx in
                    try CoachingGoals(tx).observe(
                        email: email, goal: id, on: on ?? CalendarDate(.now, in: tx.organisation.zone), note: note)
                }
                options.emit(CoachingReport.goals([goal]))
            }
        }

        struct Coached: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record that a leader is coached or peer-coached from a day (until a day).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The leader's e-mail.") var email: String
            @Option(help: "Kind: \(CoachingKind.acceptedValues).") var kind: String
            @Option(help: "The first day.") var since: CalendarDate
            @Option(help: "The last day, if it has ended.") var until: CalendarDate?

            func run() async throws {
                let (email, kind, since, until) = (email, kind, since, until)
                let record = try await options.inOrganisation {
                    try CoachingGoals($0).addCoaching(email: email, kind: kind, since: since, until: until)
                }
                options.emit(CoachingReport.coaching([record]))
            }
        }

        struct Coaching: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List when leaders were coached or peer-coached, of one leader or of everyone.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Only this leader's (e-mail).") var email: String?

            func run() async throws {
                let email = email
                let records = try await options.inOrganisation { try CoachingGoals($0).coaching(email: email) }
                options.emit(CoachingReport.coaching(records))
            }
        }
    }
}

/// Coaching goals and coaching periods as rows; observation notes are not listed, only counted.
enum CoachingReport {
    static func goals(_ goals: [CoachingGoal]) -> Report {
        Report(
            columns: [
                "id", "email", "behaviour", "description", "observed_how", "set_on", "review_on", "last_reviewed_on",
                "observations",
            ],
            rows: goals.map { goal in
                [
                    goal.id.uuidString.lowercased(), goal.email, goal.behaviour.rawValue, goal.description,
                    goal.observedHow, goal.setOn.description, goal.reviewOn?.description,
                    goal.lastReviewedOn.description, String(goal.observations.count),
                ]
            })
    }

    static func coaching(_ records: [LeaderCoaching]) -> Report {
        Report(
            columns: ["email", "kind", "since", "until"],
            rows: records.map { [$0.email, $0.kind.rawValue, $0.since.description, $0.until?.description] })
    }
}
