internal import Foundation
import Hummingbird
import RadarDomain

/// The JSON body of a problem response (RFC 9457), with the `errors` extension member for field errors.
struct ProblemDocument: Codable, Sendable {
    struct FieldError: Codable, Sendable {
        var field: String
        var message: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String?
    var instance: String?
    var errors: [FieldError]?

    init(_ problem: APIProblem, instance: String?) {
        type = problem.type
        title = problem.title
        status = problem.status.code
        detail = problem.detail
        self.instance = instance
        errors =
            problem.errors.isEmpty
            ? nil : problem.errors.map { FieldError(field: $0.field.jsonName, message: $0.message) }
    }
}

extension APIProblem {
    static let mediaType = "application/problem+json"

    /// The problem as a complete HTTP response.
    func response(instance: String?) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(ProblemDocument(self, instance: instance))) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = Self.mediaType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
