import Foundation
import Postgres
import RadarStore

/// One-time form ids: the first submission of a web form claims its id, so a double click or a form sent again
/// from the browser's history records nothing twice.
public struct FormSubmissions {
    let tx: TenantTransaction

    public init(_ tx: TenantTransaction) {
        self.tx = tx
    }

    enum Query {
        static let claim = """
            INSERT INTO web_form_submissions (org_id, form_id, user_id, claimed_at, location)
            VALUES (radar_current_org(), $1, $2, $3, $4)
            ON CONFLICT (org_id, form_id) DO NOTHING
            RETURNING form_id
            """
        static let claimed = "SELECT location FROM web_form_submissions WHERE form_id = $1"
        static let forget = "DELETE FROM web_form_submissions WHERE claimed_at < $1"
    }

    /// Forgets the ids claimed before `cutoff`; answers how many.
    public func forget(claimedBefore cutoff: Date) throws -> Int {
        try tx.connection.execute(Query.forget, [cutoff])
    }

    /// Claims `formID` for `user`, remembering where its result is shown; false when it was claimed before.
    public func claim(_ formID: String, by user: UUID, at now: Date, location: String) throws -> Bool {
        try tx.connection.queryRow(Query.claim, [formID, user, now, location]) != nil
    }

    /// Where the submission that claimed `formID` first led, or the dashboard when it is gone.
    public func earlierLocation(of formID: String) throws -> String {
        try tx.connection.queryRow(Query.claimed, [formID])?.decode("location") ?? "/"
    }
}
