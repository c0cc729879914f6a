import ArgumentParser
import RadarDigest
import RadarDomain
import RadarStore

extension Radar {
    /// `radar gdpr …`: a person's data on their request: a copy of everything, or erasure.
    struct GDPR: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gdpr",
            abstract: "Export or erase everything the organisation holds about one stakeholder.",
            subcommands: [Export.self, Erase.self]
        )

        struct Export: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "export",
                abstract: "Write everything about a stakeholder as one JSON document on standard output.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The stakeholder's e-mail address.") var email: String

            func run() async throws {
                let document = try await options.inOrganisation { try PersonalData($0).export(email: email) }
                Console.current.print(document)
            }
        }

        struct Erase: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "erase",
                abstract: "Erase a stakeholder's personal data and free text everywhere, in one transaction.",
                discussion: """
                    The stakeholder row is anonymised; their fears, commitment descriptions, the notes of every \
                    conversation they took part in or initiated, their initiatives' measures and outcomes, flags \
                    about them and audit details are cleared; their full name and e-mail are replaced by \
                    "(erased)" wherever else they appear. Archived digests lose the person's entries and name; files \
                    a directory channel already holds are written again from them; e-mails and webhook posts already \
                    sent cannot be reached and are listed on standard error for you to follow up. Stored API \
                    answers that mention them are forgotten; if they can sign in here, their sessions and tokens \
                    end. One audit event records that an erasure happened. \
                    Without --confirm nothing changes and the command lists what would be erased.
                    """)
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The stakeholder's e-mail address.") var email: String
            @ArgumentParser.Flag(help: "Really erase; this cannot be undone.") var confirm = false

            func run() async throws {
                guard confirm else {
                    let preview = try await options.inOrganisation {
                        try PersonalData($0).previewErasure(email: email)
                    }
                    let rows = preview.counts.filter { $0.rows > 0 }.map { "\($0.what) \($0.rows)" }
                    throw ValidationProblem(
                        field: "confirm",
                        message: "nothing was erased; pass --confirm to erase \(email.lowercased()), rewriting "
                            + rows.joined(separator: ", "))
                }
                let (erasure, copies) = try await options.inOrganisation { tx in
                    let erasure = try PersonalData(tx).erase(email: email)
                    return (erasure, try DeliveredCopies(tx).reach(digests: erasure.digestIDs))
                }
                let rewritten = copies.filter(\.rewritten).count
                options.emit(
                    Report(
                        columns: ["erased", "rows"],
                        rows: erasure.counts.map { [$0.what, String($0.rows)] }
                            + [["delivered digest files rewritten", String(rewritten)]]))
                for copy in copies where !copy.rewritten {
                    let why = copy.problem.map { "could not be rewritten (\($0))" } ?? "cannot be called back"
                    Console.current.printError(
                        "radar: the \(copy.week) digest sent to \(copy.kind.rawValue) \(copy.target) on "
                            + "\(Timestamps.format(copy.sentAt)) \(why); ask its readers to delete it")
                }
            }
        }
    }
}
