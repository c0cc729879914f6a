import RadarAccess
import RadarDomain

/// The words the pages put beside every colour, so colour is never the only signal.
enum Words {
    static func role(_ role: AccessRole) -> String {
        switch role {
        case .admin: "administrator"
        case .hr: "HR"
        case .viewer: "viewer"
        }
    }

    /// A vocabulary word as people read it: `one_to_one` → "one to one".
    static func readable(_ word: String) -> String {
        word.replacingOccurrences(of: "_", with: " ")
    }
}
