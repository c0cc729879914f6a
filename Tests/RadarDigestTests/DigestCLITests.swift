import Foundation
import Postgres
import RadarDigest
import RadarStore
import RadarTestSupport
import Testing

@Suite("radar digest from the command line")
struct DigestCLITests {
    @Test(
        "bad channel input is refused naming the field, and nothing is stored",
        arguments: [
            (["fax", "+44 20 7946 0000"], "kind:"),
            (["email", "not-an-address"], "target:"),
            (["email", "  "], "target:"),
            (["webhook", "ftp://example.com/hook"], "target:"),
            (["webhook", "https://user:secret@example.com/hook"], "target:"),
            (["directory", "relative/path"], "target:"),
            (["webhook", "http://hooks.example.com/radar"], "target:"),
            (["slack", "http://hooks.slack.com/services/T0/B0/x"], "target:"),
            (["teams", "not a url"], "target:"),
            (["chat", "https://hooks.example.com/radar"], "kind:"),
            (["email", "lead@example.com", "--audience", "board"], "audience:"),
        ])
    func badChannelRefused(arguments: [String], field: String) async throws {
        let org = try await TestDatabase.newOrganisation("badchannel")
        let run = try await radarArray(["digest", "channel", "add"] + arguments, org: org.slug)
        #expect(run.exitCode == 2)
        #expect(run.err.hasPrefix("radar: \(field)"), "\(run.err)")
        #expect(try await rows("SELECT id FROM delivery_channels", in: org.slug).isEmpty)
    }

    @Test("channels are added, listed, switched off and on, and removed")
    func channelLifecycle() async throws {
        let org = try await TestDatabase.newOrganisation("channels")
        let added = try await radar(
            "digest", "channel", "add", "e-mail", "Lead@Example.com", "--format", "csv",
            org: org.slug)
        #expect(added.exitCode == 0, "\(added.err)")
        let id = try #require(added.out.split(separator: "\r\n").dropFirst().first?.split(separator: ",").first)
        let again = try await radar("digest", "channel", "add", "email", "lead@example.com", org: org.slug)
        #expect(again.exitCode == 2 && again.err.hasPrefix("radar: target:"), "a channel is configured once")

        let disabled = try await radar("digest", "channel", "disable", String(id), "--format", "csv", org: org.slug)
        #expect(disabled.out.contains(",email,lead@example.com,viewer,no,"))
        let enabled = try await radar("digest", "channel", "enable", String(id), "--format", "csv", org: org.slug)
        #expect(enabled.out.contains(",email,lead@example.com,viewer,yes,"))
        let forHR = try await radar(
            "digest", "channel", "add", "directory", "/srv/radar/hr", "--audience", "hr", "--format", "csv",
            org: org.slug)
        #expect(forHR.out.contains(",directory,/srv/radar/hr,hr,yes,"), "\(forHR.err)")
        let removed = try await radar("digest", "channel", "remove", String(id), org: org.slug)
        #expect(removed.exitCode == 0 && removed.out.contains("removed email channel lead@example.com"))
        let listed = try await radar("digest", "channel", "list", "--format", "csv", org: org.slug)
        #expect(listed.out.split(separator: "\r\n").count == 2, "the header and the HR channel are left")
    }

    @Test("a quiet week with --skip-empty is archived but sends and queues nothing")
    func skipEmptySendsNothing() async throws {
        let org = try await TestDatabase.newOrganisation("quiet")
        let folder = try temporaryDirectory("quiet")
        try await addChannel("directory", folder.path, in: org.slug)

        let run = try await radar("digest", "send", "--week", "2026-W10", "--skip-empty", org: org.slug)

        #expect(run.exitCode == 0, "\(run.err)")
        #expect(run.out.contains("quiet week") && run.out.contains("nothing queued"), "\(run.out)")
        #expect(try await rows("SELECT id FROM digest_deliveries", in: org.slug).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let stored = try await rows("SELECT quiet FROM digests", in: org.slug)
        #expect(try stored.map { try $0.decode("quiet", as: Bool.self) } == [true])

        // The week that has just ended, after a check the week before: its own check changes nothing.
        let checked = try await radar("check", "--as-of", "2026-06-20T12:00:00Z", org: org.slug)
        #expect(checked.exitCode == 0, "\(checked.err)")
        let justEnded = try await radar(
            "digest", "send", "--as-of", "2026-06-29T07:00:00Z", "--skip-empty",
            org: org.slug)
        #expect(justEnded.out.contains("digest 2026-W26: archived (quiet week), nothing queued"), "\(justEnded.out)")
        #expect(try await rows("SELECT id FROM digest_deliveries", in: org.slug).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test(
        "a week that is not an ISO week, or has not ended, is refused naming --week",
        arguments: [
            ["--week", "2026-W60"],
            ["--week", "26/2026"],
            ["--week", "2026-W25", "--as-of", "2026-07-01T12:00:00Z"],
            ["--week", "2099-W01"],
        ])
    func badWeekRefused(arguments: [String]) async throws {
        let org = try await TestDatabase.newOrganisation("badweek")
        for command in [["digest"], ["digest", "send"]] {
            let run = try await radarArray(command + arguments, org: org.slug)
            #expect(run.exitCode == 2)
            #expect(run.err.hasPrefix("radar: week:"), "\(run.err)")
        }
        #expect(try await rows("SELECT id FROM digests", in: org.slug).isEmpty)
    }

    @Test("rendering a week stores nothing and leaves the flags as they were")
    func renderStoresNothing() async throws {
        let org = try await TestDatabase.newOrganisation("render")
        let folder = try temporaryDirectory("render")
        let file = folder.appendingPathComponent("digest.html")

        let run = try await radar(
            "digest", "--as-of", "2026-06-29T07:00:00Z", "--format", "html",
            "--out", file.path, org: org.slug)

        #expect(run.exitCode == 0, "\(run.err)")
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains("2026-W26") || html.contains("W26"))
        #expect(try await rows("SELECT id FROM digests", in: org.slug).isEmpty)
        #expect(try await rows("SELECT id FROM flags", in: org.slug).isEmpty, "the preview's check was rolled back")
        #expect(try await rows("SELECT 1 FROM engagement_snapshots", in: org.slug).isEmpty)
    }

    @Test("the schedule is shown, changed with checked input, and run once from the command line")
    func scheduleFromTheCommandLine() async throws {
        let org = try await TestDatabase.newOrganisation("cron", timeZone: "Europe/Berlin")
        let bad = try await radar("digest", "schedule", "--day", "funday", "--time", "25:00", org: org.slug)
        #expect(bad.exitCode == 2)
        #expect(bad.err.contains("radar: day:") && bad.err.contains("radar: time:"), "\(bad.err)")

        let set = try await radar(
            "digest", "schedule", "--day", "friday", "--time", "16:30", "--skip-empty",
            "--format", "csv", org: org.slug)
        #expect(set.exitCode == 0, "\(set.err)")
        #expect(set.out.contains("friday,16:30,02:00,yes,yes,Europe/Berlin,"), "\(set.out)")

        // Friday 3 July 2026, 16:30 in Berlin (14:30 UTC): week 26's digest falls due.
        let early = try await radar("digest", "run-schedule", "--now", "2026-07-03T16:29", org: org.slug)
        #expect(!early.out.contains("2026-W26"), "\(early.out)")
        let due = try await radar("digest", "run-schedule", "--now", "2026-07-03T16:30", org: org.slug)
        #expect(due.exitCode == 0, "\(due.err)")
        #expect(due.out.contains("weekly_digest 2026-W26 (due 2026-07-03T14:30:00Z)"), "\(due.out)")
        let again = try await radar("digest", "run-schedule", "--now", "2026-07-03T16:31", org: org.slug)
        #expect(again.out.contains("no scheduled job was due"), "\(again.out)")
    }
}
