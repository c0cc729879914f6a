import Foundation
import HTTPTypes
@testable import RadarServer

/// One operation of the OpenAPI document, as the tests read it.
struct DocumentedOperation: Sendable, CustomStringConvertible {
    var path: String
    var method: HTTPRequest.Method
    var id: String
    var permission: String?
    var statuses: Set<Int>

    var description: String { "\(method.rawValue) \(path) (\(id))" }
    var isOrganisationScoped: Bool { path.contains("{org}") }

    /// The path with its parameters filled in: the organisation's slug and ids that name nothing.
    func concretePath(org: String) -> String {
        path.replacingOccurrences(of: "{org}", with: org)
            .replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
            .replacingOccurrences(of: "{ref}", with: "no-such-ref")
            .replacingOccurrences(of: "{code}", with: "no-such-rule")
            .replacingOccurrences(of: "{name}", with: "silent")
            .replacingOccurrences(of: "{week}", with: "2001-W01")
            .replacingOccurrences(of: "{draft}", with: UUID().uuidString.lowercased())
            .replacingOccurrences(of: "{feed}", with: UUID().uuidString.lowercased())
    }

    /// Every operation, read line by line from the document the service carries (its layout is ours: two spaces
    /// for a path, four for a method, eight for a response code).
    static let all: [DocumentedOperation] = {
        var result: [DocumentedOperation] = []
        var path: String?
        var inPaths = false
        for line in Contract.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == "paths:" { inPaths = true; continue }
            if line.hasPrefix("components:") { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path,
                let method = HTTPRequest.Method(String(line.dropFirst(4).dropLast()).uppercased()),
                ["get:", "post:", "patch:", "put:", "delete:"].contains(line.dropFirst(4))
            {
                result.append(DocumentedOperation(path: path, method: method, id: "", permission: nil, statuses: []))
            } else if !result.isEmpty {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("operationId:") {
                    result[result.count - 1].id = String(trimmed.dropFirst(12)).trimmingCharacters(in: .whitespaces)
                } else if trimmed.hasPrefix("x-radar-permission:") {
                    result[result.count - 1].permission =
                        String(trimmed.dropFirst(19)).trimmingCharacters(in: .whitespaces)
                } else if line.hasPrefix("        '"), let code = Int(trimmed.dropFirst().prefix(3)) {
                    result[result.count - 1].statuses.insert(code)
                }
            }
        }
        return result
    }()
}
