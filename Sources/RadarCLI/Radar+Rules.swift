import ArgumentParser
import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

extension Radar {
    /// `radar rules …`: the organisation's rule catalogue.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, change, test and backtest rules; reset restores the default catalogue.",
            subcommands: [
                List.self, Show.self, Change.self, Add.self, Enable.self, Disable.self, Reset.self, Test.self,
                Backtest.self, Measure.self, ExplainScore.self,
            ]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the rules.")
            @OptionGroup var options: GlobalOptions

            func run() async throws {
                let rules = try await options.inOrganisation { try RuleEngine($0).rules() }
                options.emit(
                    Report(
                        columns: [
                            "code", "guideline", "subject", "severity", "enabled", "origin", "for_days", "suppresses",
                            "name", "condition",
                        ],
                        rows: rules.map {
                            [
                                $0.code, $0.guideline, $0.subjectKind.rawValue, $0.severity.rawValue,
                                $0.enabled ? "yes" : "no", $0.isDefault ? "default" : "custom", String($0.forDays),
                                $0.suppresses.joined(separator: ","), $0.name, $0.condition,
                            ]
                        }))
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one rule in full.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The rule's code.") var code: String

            func run() async throws {
                let code = code
                let rule = try await options.inOrganisation { try RuleBook($0).find(code) }
                if options.format == .json { try options.emitJSON(rule); return }
                Console.current.print(
                    """
                    \(rule.code): \(rule.name) (\(rule.guideline), about each \(rule.subjectKind.rawValue))
                    enabled:    \(rule.enabled ? "yes" : "no")
                    origin:     \(rule.isDefault ? "default catalogue" : "added in this organisation")
                    condition:  \(rule.condition)
                    severity:   \(rule.severity.rawValue)
                    escalation: \(rule.escalationCondition.map { "\($0) → \(rule.escalationSeverity!.rawValue)" } ?? "-")
                    message:    \(rule.messageTemplate)
                    next step:  \(rule.nextStep)
                    for:        \(rule.forDays) days (pending until the condition has held that long)
                    suppresses: \(rule.suppresses.isEmpty ? "-" : rule.suppresses.joined(separator: ", "))
                    """)
            }
        }

        struct Change: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set", abstract: "Change a rule; it is checked against the facts before it is stored.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The rule's code.") var code: String
            @Option(help: "New condition, e.g. 'is_leader and days_since_contact > 45'.") var condition: String?
            @Option(help: "New severity.") var severity: Severity?
            @Option(help: "Condition for the higher severity ('' removes it).") var escalationCondition: String?
            @Option(help: "The higher severity.") var escalationSeverity: Severity?
            @Option(help: "Message template with {fact} placeholders.") var message: String?
            @Option(help: "Suggested next step.") var nextStep: String?
            @Option(help: "Days the condition must hold before a flag opens (0–365); until then it is pending.")
            var forDays: Int?
            @Option(help: "Rules this one makes redundant on the same subject, comma-separated ('' for none).")
            var suppresses: String?

            func run() async throws {
                let changes = RuleBook.Changes(
                    condition: condition, severity: severity, escalationCondition: escalationCondition,
                    escalationSeverity: escalationSeverity, message: message, nextStep: nextStep, forDays: forDays,
                    suppresses: suppresses.map(Self.codes))
                let code = code
                let rule = try await options.inOrganisation { try RuleBook($0).update(code, changes) }
                Console.current.print("rule \(rule.code) updated: \(rule.condition)")
            }

            /// Rule codes from a comma-separated list.
            static func codes(_ text: String) -> [String] {
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }

        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Enable a rule.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The rule's code.") var code: String

            func run() async throws {
                let code = code
                try await options.inOrganisation { try RuleBook($0).update(code, .init(enabled: true)) }
                Console.current.print("rule \(code) enabled")
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Disable a rule.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The rule's code.") var code: String

            func run() async throws {
                let code = code
                try await options.inOrganisation { try RuleBook($0).update(code, .init(enabled: false)) }
                Console.current.print("rule \(code) disabled")
            }
        }

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a custom rule; it is checked against the facts of its subject before it is stored.",
                discussion: """
                    The condition and message are checked exactly as `radar rules set` checks them: a parse or \
                    type error names the part and its column, and an unknown fact is named with the closest \
                    known one. `radar explain EMAIL` lists the facts of a stakeholder.

                    A custom rule has no default: `radar rules reset` restores the default catalogue and keeps \
                    custom rules as they are, and `radar rules reset CODE` on a custom rule is refused. To stop \
                    a custom rule, use `radar rules disable CODE`; it is never deleted, so its flags keep their \
                    history.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "A new code: lower-case letters and digits joined by hyphens, e.g. sponsor-silent.")
            var code: String
            @Option(help: "A short name for lists (default: the code).") var name: String?
            @Option(help: "The guideline it serves: G01 to G12, or P00.") var guideline: String
            @Option(help: "What it is about: stakeholder, initiative, conversation or organisation.")
            var subject: String
            @Option(help: "When it fires, e.g. 'role = \"sponsor\" and days_since_contact > 21'.") var condition: String
            @Option(help: "info, low, medium, high or critical.") var severity: String
            @Option(help: "Condition for the higher severity.") var escalationCondition: String?
            @Option(help: "The higher severity.") var escalationSeverity: String?
            @Option(help: "Message template with {fact} placeholders.") var message: String
            @Option(help: "Suggested next step.") var nextStep: String
            @ArgumentParser.Flag(help: "Store the rule switched off.") var disabled = false
            @Option(help: "Days the condition must hold before a flag opens (0–365, default 0).") var forDays = 0
            @Option(help: "Rules this one makes redundant on the same subject, comma-separated.")
            var suppresses: String?

            func run() async throws {
                let draft = RuleDraft(
                    code: code, name: name, guideline: guideline, subject: subject, condition: condition,
                    severity: severity, escalationCondition: escalationCondition,
                    escalationSeverity: escalationSeverity, message: message, nextStep: nextStep,
                    enabled: !disabled, forDays: forDays, suppresses: suppresses.map(Change.codes) ?? [])
                let rule = try await options.inOrganisation { try RuleBook($0).add(draft) }
                Console.current.print("rule \(rule.code) added\(rule.enabled ? "" : " (disabled)"): \(rule.condition)")
            }
        }

        struct Reset: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Restore the default rule catalogue, or one default rule.",
                discussion: "Custom rules are kept as they are; they have no default to restore.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "Restore only this rule.") var code: String?

            func run() async throws {
                if let code {
                    _ = try await options.inOrganisation { try RuleBook($0).reset(code) }
                    Console.current.print("rule \(code) restored to its default")
                    return
                }
                let kept = try await options.inOrganisation { try RuleBook($0).reset() }
                Console.current.print(
                    "default rule catalogue restored"
                        + (kept.isEmpty ? "" : "; custom rules kept as they are: \(kept.joined(separator: ", "))"))
            }
        }

        struct Test: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show what one rule finds as of an instant, without changing any flag.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The rule's code.") var code: String
            @Option(help: ArgumentHelp("As of this instant. \(TimeArgument.help)", valueName: "time"))
            var asOf: TimeArgument?

            func run() async throws {
                let (code, asOf) = (code, asOf)
                let findings = try await options.inOrganisation { tx in
                    _ = try RuleBook(tx).find(code)
                    return try RuleEngine(tx).findings(
                        asOf: asOf?.resolve(in: tx.organisation.zone) ?? .now,
                        only: code)
                }
                options.emit(
                    Report(
                        columns: ["severity", "subject", "message"],
                        rows: findings.map { [$0.severity.rawValue, $0.subject, $0.message] }))
            }
        }

        struct Backtest: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "How many subjects a rule would have flagged at the end of each past week.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The rule's code.") var code: String
            @Option(help: "How many weeks back.") var weeks = 26
            @Option(help: ArgumentHelp("The last week ends at this instant (default: now).", valueName: "time"))
            var asOf: TimeArgument?

            func validate() throws {
                guard (1...260).contains(weeks) else { throw ValidationError("--weeks: give 1 to 260") }
            }

            func run() async throws {
                let (code, weeks, asOf) = (code, weeks, asOf)
                let counts = try await options.inOrganisation { tx in
                    try RuleBook(tx).backtest(code, weeks: weeks, asOf: asOf?.resolve(in: tx.organisation.zone) ?? .now)
                }
                options.emit(
                    Report(
                        columns: ["week_ending", "subjects_flagged"],
                        rows: counts.map { [Timestamps.format($0.weekEnding), String($0.subjects)] }))
            }
        }

        struct ExplainScore: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "explain-score", abstract: "How the 0–100 engagement score is made.")

            func run() async throws {
                Console.current.print(EngagementScore.explanation)
            }
        }
    }

    /// `radar snapshot`: stores this week's engagement score of every stakeholder.
    struct Snapshot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store one engagement score per stakeholder for the ISO week of --as-of (idempotent).",
            discussion: """
                With --backfill N, also computes the N weeks before from the record as it stood at each week's end, \
                for the weeks that have no scores yet (after importing a history, say), so trends and sparklines \
                read them.
                """)
        @OptionGroup var options: GlobalOptions
        @Option(help: ArgumentHelp("As of this instant (default: now). \(TimeArgument.help)", valueName: "time"))
        var asOf: TimeArgument?
        @Option(help: "Also fill the scores of up to this many earlier weeks that have none (0–104).")
        var backfill = 0

        func validate() throws {
            guard (0...104).contains(backfill) else { throw ValidationError("--backfill: must be 0 to 104 weeks") }
        }

        func run() async throws {
            let asOf = asOf, backfill = backfill
            let (count, week, filled) = try await options.inOrganisation { tx in
                let instant = asOf?.resolve(in: tx.organisation.zone) ?? .now
                let snapshots = Snapshots(tx)
                var weeks: [ISOWeek] = []
                var earlier = ISOWeek(containing: instant, in: tx.organisation.zone)
                for _ in 0..<backfill {
                    earlier = earlier.previous
                    weeks.append(earlier)
                }
                let filled = try snapshots.backfill(weeks, asOf: instant)
                return (try snapshots.take(asOf: instant), snapshots.weekStart(of: instant), filled)
            }
            Console.current.print("stored \(count) engagement scores for the week starting \(week)")
            if backfill > 0 { Console.current.print("computed \(filled) earlier weeks from the record") }
        }
    }
}

/// The engagement score's formula, in words; the SQL is `radar_engagement_score` in sql/definitions/radar_engagement_score.sql.
enum EngagementScore {
    static let explanation = """
        The engagement score runs from 0 to 100 and adds six parts, all as of the instant evaluated:
          recency         up to 30: 30 × (1 − days since the last attended conversation / 90); never met = 0
          frequency       up to 20: 20 × conversations in the last 30 days ÷ their usual monthly number over the
                          90 days before (capped at 1; a usual number under 1 counts as 1)
          observed        up to 25: 25 × (latest engagement seen in a conversation − 1) / 4 on the five steps
                          unaware … leading; if none was seen yet, the assessed level; otherwise 10
          initiative      10 when they asked for a conversation themselves in the last 90 days
          reliability     10, less 5 for each decline, delegation or no-show in the last 60 days
          follow-through  5 when none of their commitments is overdue
        `radar snapshot` stores it weekly; rule score-decline fires when it fell three weeks running.
        """
}
