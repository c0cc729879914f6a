import ArgumentParser
import Foundation
import RadarDomain
import RadarStore

extension Radar {
    /// `radar leader …`: each leader's case, in their words: what the change gives and costs them.
    struct LeaderCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leader",
            abstract: "A leader's case in their own words: what the change gives them and what it costs them.",
            subcommands: [Gain.self, Cost.self, Case.self]
        )

        struct Gain: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record, in the leader's words, what a coaching culture would give them personally (G04).")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The leader's e-mail.") var email: String
            @Option(help: "What they said, as they put it (sensitive).") var words: String
            @Option(help: "The day they said it (default: today).") var on: CalendarDate?

            func run() async throws {
                try await LeaderCaseReport.record(
                    options, email, LeaderCaseDraft(aspect: "personal_gain", words: words, recordedOn: on))
            }
        }

        struct Cost: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Record, in the leader's words, what the change costs them and whether they can role-model it.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The leader's e-mail.") var email: String
            @Option(help: "What they said, as they put it (sensitive).") var words: String
            @Option(help: "Ready to role-model it: \(RoleModelReadiness.acceptedValues).") var roleModel: String?
            @Option(help: "The day they said it (default: today).") var on: CalendarDate?

            func run() async throws {
                try await LeaderCaseReport.record(
                    options, email,
                    LeaderCaseDraft(aspect: "personal_cost", words: words, roleModel: roleModel, recordedOn: on))
            }
        }

        struct Case: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the notes of leaders' cases, of one leader or of everyone.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Only this leader's (e-mail).") var email: String?

            func run() async throws {
                let email = email
                let notes = try await options.inOrganisation { try LeaderCases($0).notes(email: email) }
                options.emit(LeaderCaseReport.make(notes))
            }
        }
    }
}

/// Notes of leaders' cases as rows.
enum LeaderCaseReport {
    static func make(_ notes: [LeaderCaseNote]) -> Report {
        Report(
            columns: ["email", "aspect", "recorded_on", "role_model", "in_their_words"],
            rows: notes.map {
                [$0.email, $0.aspect.rawValue, $0.recordedOn.description, $0.roleModel?.rawValue, $0.words]
            })
    }

    /// Records one note and prints it: the shared body of `leader gain` and `leader cost`.
    static func record(_ options: GlobalOptions, _ email: String, _ draft: LeaderCaseDraft) async throws {
        let note = try await options.inOrganisation { tx in
            try LeaderCases(tx).record(email: email, draft, today: CalendarDate(.now, in: tx.organisation.zone))
        }
        options.emit(make([note]))
    }
}

extension Radar.LeaderCommand.Gain: OptionNaming {
    static let optionNames: [FieldPath: String] = ["inTheirWords": "words", "recordedOn": "on"]
}

extension Radar.LeaderCommand.Cost: OptionNaming {
    static let optionNames: [FieldPath: String] = ["inTheirWords": "words", "recordedOn": "on"]
}
