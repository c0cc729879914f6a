internal import Foundation
internal import OpenAPIRuntime
import RadarDigest
import RadarDomain
import RadarStore

// The weekly digest archive: the list, and one week rendered again in the format the caller asks for.
extension RadarAPI {
    func listDigests(_ input: Operations.ListDigests.Input) async throws -> Operations.ListDigests.Output {
        let request = try PageRequest(limit: input.query.limit, cursor: input.query.cursor)
        let page = try await inOrganisation { try DigestArchive($0).list(page: request) }
        let items = page.items.map(Components.Schemas.ArchivedDigest.init)
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor?.token))))
    }

    /// One archived week, in the rendering `format` names, else the first the `Accept` header takes, else JSON.
    /// Viewers get it without the sensitive text.
    func getDigest(_ input: Operations.GetDigest.Input) async throws -> Operations.GetDigest.Output {
        let week = try Self.week(input.path.week)
        let format = Self.format(query: input.query.format, accept: input.headers.accept)
        let sensitive = try access.seesSensitive
        let archived = try await inOrganisation { try DigestArchive($0).find(week) }
        guard let archived else { throw APIProblem.notFound("There is no archived digest of \(week).") }
        let digest = sensitive ? archived.digest : archived.digest.withholdingSensitiveText()
        switch format {
        case .json:
            var document = try JSONDecoder().decode(Components.Schemas.Digest.self, from: digest.jsonData())
            if !sensitive { document.removeSensitiveText() }
            return .ok(.init(body: .json(document)))
        case .text:
            return .ok(.init(body: .textPlainCharsetUtf8(HTTPBody(DigestRenderer.render(digest, as: .text)))))
        case .markdown:
            return .ok(.init(body: .textMarkdownCharsetUtf8(HTTPBody(DigestRenderer.render(digest, as: .markdown)))))
        case .html:
            return .ok(.init(body: .textHtmlCharsetUtf8(HTTPBody(DigestRenderer.render(digest, as: .html)))))
        }
    }

    /// The week in the path, or a 422 naming `week`.
    static func week(_ text: String) throws -> ISOWeek {
        guard let week = ISOWeek(text) else {
            let shown = text.count <= 20 ? "\"\(text)\"" : "the value"
            throw APIProblem.validation([
                ValidationProblem(
                    field: "week", message: "\(shown) is not an ISO week; expected the form 2026-W26")
            ])
        }
        return week
    }

    /// The rendering asked for: the query parameter wins, then the most preferred media type of `Accept`.
    static func format(
        query: Operations.GetDigest.Input.Query.FormatPayload?,
        accept: [AcceptHeaderContentType<Operations.GetDigest.AcceptableContentType>]
    ) -> DigestFormat {
        if let query { return DigestFormat(rawValue: query.rawValue) ?? .json }
        let preferred = accept.filter { $0.quality.doubleValue > 0 }
            .sorted { $0.quality.doubleValue > $1.quality.doubleValue }
        for choice in preferred {
            switch choice.contentType {
            case .json: return .json
            case .textPlainCharsetUtf8: return .text
            case .textMarkdownCharsetUtf8: return .markdown
            case .textHtmlCharsetUtf8: return .html
            case .applicationProblemJson, .other: continue
            }
        }
        return .json
    }
}

extension Components.Schemas.ArchivedDigest {
    init(_ entry: ArchiveEntry) {
        self.init(
            id: entry.id.uuidString.lowercased(), week: entry.week.description, createdAt: entry.createdAt,
            quiet: entry.isQuiet, deliveries: entry.deliveries, sent: entry.sent, pending: entry.pending,
            failed: entry.failed)
    }
}

extension Components.Schemas.Digest {
    /// Leaves out what viewers never receive: fear statements and mitigations, commitment descriptions.
    mutating func removeSensitiveText() {
        func strip(_ fears: inout [Components.Schemas.DigestFear]) {
            for index in fears.indices {
                fears[index].statement = nil
                fears[index].mitigation = nil
            }
        }
        strip(&fears.voiced)
        strip(&fears.openLongest)
        strip(&fears.resolved)
        for index in commitments.leadersOverdue.indices {
            commitments.leadersOverdue[index].description = nil
        }
    }
}
