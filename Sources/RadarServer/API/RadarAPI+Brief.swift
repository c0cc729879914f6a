internal import Foundation
internal import OpenAPIRuntime
import RadarDomain
import RadarRules

// The brief before a meeting (issue 20, part 2).
extension RadarAPI {
    /// The brief as JSON, or as Markdown when the `format` query or the `Accept` header asks for it.
    func getStakeholderBrief(
        _ input: Operations.GetStakeholderBrief.Input
    ) async throws -> Operations.GetStakeholderBrief.Output {
        let id = try uuid(input.path.id, "stakeholder")
        let instant = input.query.asOf ?? .now
        let sensitive = try access.seesSensitive
        let (brief, zone) = try await inOrganisation { tx in
            (try RuleEngine(tx).brief(.id(id), asOf: instant, sensitive: sensitive), tx.organisation.zone)
        }
        var markdown = input.query.format == .markdown
        if input.query.format == nil {
            let preferred = input.headers.accept.filter { $0.quality.doubleValue > 0 }
                .sorted { $0.quality.doubleValue > $1.quality.doubleValue }
            markdown = preferred.first.map { $0.contentType == .textMarkdownCharsetUtf8 } ?? false
        }
        if markdown {
            return .ok(.init(body: .textMarkdownCharsetUtf8(HTTPBody(brief.markdown(in: zone)))))
        }
        let data = try JSONEncoder.radarAPI.encode(brief)
        return .ok(.init(body: .json(try JSONDecoder.radarAPI.decode(Components.Schemas.Brief.self, from: data))))
    }
}

extension JSONEncoder {
    /// snake_case keys and ISO 8601 instants, as the document spells them.
    static var radarAPI: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    static var radarAPI: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
