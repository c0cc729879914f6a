import RadarAccess

/// The OpenAPI document the service implements, as carried in the binary, and what it declares per operation.
package enum Contract {
    /// The document's text, served at `/api/v1/openapi.yaml`.
    package static let text = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// What an operation's `x-radar-permission` says it needs.
    package enum Requirement: Sendable, Hashable {
        /// No token needed.
        case open
        /// A valid token, whatever organisations its holder belongs to.
        case signedIn
        /// A member of the organisation in the path whose role allows this.
        case permission(Permission)
    }

    /// Each operation's requirement, read from the document: the document is the one declaration of who may do what.
    package static let requirements: [String: Requirement] = {
        var result: [String: Requirement] = [:]
        var operation: String?
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("operationId:") {
                operation = trimmed.dropFirst("operationId:".count).trimmingCharacters(in: .whitespaces)
            } else if trimmed.hasPrefix("x-radar-permission:"), let id = operation {
                let word = trimmed.dropFirst("x-radar-permission:".count).trimmingCharacters(in: .whitespaces)
                if word == "public" {
                    result[id] = .open
                } else if word == "signedIn" {
                    result[id] = .signedIn
                } else if let permission = Permission(rawValue: word) {
                    result[id] = .permission(permission)
                }
                operation = nil
            }
        }
        return result
    }()
}
