import Dispatch
import HummingbirdBcrypt

/// Bcrypt run on threads of its own: a hash at cost 12 takes about a third of a second, which would stall one of
/// Swift's few cooperative threads (and every request queued behind it) if it ran on the calling task.
enum PasswordHashing {
    private static let queue = DispatchQueue(
        label: "radar.password-hashing", qos: .userInitiated,
        attributes: .concurrent)

    /// The bcrypt hash of `password` at the log2 work factor `cost`.
    static func hash(_ password: String, cost: UInt8) async -> String {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }

    /// Whether `password` matches the bcrypt `hash`.
    static func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }
}
