import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// Makes a week's digest the one way every caller does (the CLI, the scheduler): the flags and scores brought up
/// to the week's end, the digest built, archived once, and one delivery queued per enabled channel.
public struct DigestPublisher {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    /// What publishing a week did.
    public struct Outcome: Sendable, Hashable {
        public var digestID: UUID
        public var week: ISOWeek
        /// False when the week was already archived (by another instance, an earlier run or a person).
        public var created: Bool
        public var isQuiet: Bool
        /// Whether the rule check and the snapshot ran as of the week's end before building.
        public var refreshedLedger: Bool
        /// Deliveries newly queued by this call.
        public var queued: Int
        /// True when the week was quiet and `skipEmpty` held every delivery back.
        public var heldBack: Bool

        /// What happened, in words: `archived, 2 queued`, `already archived (quiet week), nothing queued` …
        public var summary: String {
            var words = created ? "archived" : "already archived"
            if isQuiet { words += " (quiet week)" }
            return words + (heldBack ? ", nothing queued" : ", \(queued) queued")
        }
    }

    enum Query {
        // One key per organisation for everything that writes its flag ledger on a schedule or on demand, so two
        // generators (or a generator and the nightly check) never evaluate the rules at the same time.
        static let lock = "SELECT pg_advisory_xact_lock(hashtextextended('radar.ledger:' || radar_current_org(), 0))"
        static let tryLock = """
            SELECT pg_try_advisory_xact_lock(hashtextextended('radar.ledger:' || radar_current_org(), 0)) AS locked
            """
        // The latest instant a check has written into the ledger.
        static let ledgerLatest = "SELECT greatest(max(last_seen_at), max(resolved_at)) AS latest FROM flags"
        static let databaseNow = "SELECT now() AS now"
    }

    /// The week that has just ended at `now` on the organisation's wall clock: the one "this week's digest" means.
    public static func lastEndedWeek(at now: Date, in zone: TimeZone) -> ISOWeek {
        ISOWeek(containing: now, in: zone).previous
    }

    /// The database's clock: what "now" means in production, the same for every instance.
    public func databaseNow() throws -> Date {
        try tx.connection.queryRow(Query.databaseNow)!.decode("now")
    }

    /// Waits for the organisation's ledger lock, held until the transaction ends.
    public func lockLedger() throws {
        try tx.connection.execute(Query.lock)
    }

    /// Takes the organisation's ledger lock if nobody holds it; false when another transaction does.
    public func tryLockLedger() throws -> Bool {
        try tx.connection.queryRow(Query.tryLock)?.decode("locked") ?? false
    }

    /// The last second of `week`: a check or snapshot made then counts in the week, not in the next one.
    static func lastInstant(of week: ISOWeek, in zone: TimeZone) -> Date {
        week.end(in: zone).addingTimeInterval(-1)
    }

    /// Runs the rule check (unless the ledger is already past the week's end) and the week's snapshot, as of the
    /// last second of `week`; returns whether the check ran.
    @discardableResult
    public func refreshLedger(for week: ISOWeek) throws -> Bool {
        try checkAndSnapshot(asOf: Self.lastInstant(of: week, in: tx.organisation.zone))
    }

    /// Evaluates the rules and applies the findings as of `instant` unless a check already went past it, then
    /// stores the snapshot of the week holding `instant`; returns whether the check ran.
    @discardableResult
    public func checkAndSnapshot(asOf instant: Date) throws -> Bool {
        let latest = try tx.connection.queryRow(Query.ledgerLatest)?.decode("latest", as: Date?.self)
        var checked = false
        // A check as of an earlier instant than one already applied would make the flags' life run backwards.
        if latest.map({ $0 < instant }) ?? true {
            try FlagBook(tx).check(asOf: instant)
            checked = true
        }
        try Snapshots(tx).take(asOf: instant)
        return checked
    }

    /// Archives `week`'s digest (built now unless already archived) and queues its deliveries, due at `now`.
    /// `refresh` brings the ledger up to the week's end first; `skipEmpty` queues nothing for a quiet week.
    public func publish(week: ISOWeek, now: Date, refresh: Bool, skipEmpty: Bool) throws -> Outcome {
        try lockLedger()
        let archive = DigestArchive(tx)
        var refreshed = false
        let stored: (id: UUID, created: Bool, isQuiet: Bool)
        if let existing = try archive.find(week) {
            stored = (existing.id, false, existing.digest.isQuiet)
        } else {
            if refresh { refreshed = try refreshLedger(for: week) }
            // The sparklines' weeks that no snapshot ran in (an imported history) are computed from the record.
            let zone = tx.organisation.zone
            try Snapshots(tx).backfill(Period(week: week, zone: zone).sparklineWeeks, asOf: week.end(in: zone))
            let digest = try DigestBuilder.build(in: tx, week: week)
            let (id, created) = try archive.store(digest, asOf: week.end(in: tx.organisation.zone))
            stored = (id, created, digest.isQuiet)
        }
        let holdBack = skipEmpty && stored.isQuiet
        let queued = holdBack ? 0 : try archive.queueDeliveries(of: stored.id, dueAt: now)
        return Outcome(
            digestID: stored.id, week: week, created: stored.created, isQuiet: stored.isQuiet,
            refreshedLedger: refreshed, queued: queued, heldBack: holdBack)
    }

    /// Builds `week`'s digest without keeping anything: a ledger refresh it needs is rolled back afterwards.
    public func preview(week: ISOWeek, refresh: Bool) throws -> Digest {
        try lockLedger()
        guard refresh else { return try DigestBuilder.build(in: tx, week: week) }
        var digest: Digest?
        do {
            // A nested transaction is a savepoint: throwing out of it undoes the check and the snapshot.
            try tx.connection.transaction { _ in
                try refreshLedger(for: week)
                digest = try DigestBuilder.build(in: tx, week: week)
                throw UndoPreview()
            }
        } catch is UndoPreview {}
        guard let digest else { throw UndoPreview() }
        return digest
    }

    /// Thrown to roll back the savepoint a preview works in.
    private struct UndoPreview: Error {}
}
