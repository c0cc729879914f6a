import Foundation
import Hummingbird

/// The files under `/assets/` (one style sheet, small scripts), read once into memory.
struct Assets: Sendable {
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    let files: [String: File]

    init(directory: URL) throws {
        var files: [String: File] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            guard let type = Self.contentTypes[(name as NSString).pathExtension] else { continue }
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            files[name] = File(bytes: ByteBuffer(bytes: data), contentType: type)
        }
        self.files = files
    }

    static func bundled() throws -> Assets {
        guard let directory = Bundle.module.url(forResource: "Assets", withExtension: nil) else {
            throw TemplateError(template: "Assets", reason: "the resource bundle has no Assets folder")
        }
        return try Assets(directory: directory)
    }

    static let contentTypes = [
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
        "png": "image/png", "ico": "image/x-icon",
    ]

    /// The asset's response, cacheable for an hour (pages themselves are never cached).
    func response(for name: String) throws -> Response {
        guard let file = files[name] else { throw WebError.notFound }
        return Response(
            status: .ok,
            headers: [.contentType: file.contentType, .cacheControl: "public, max-age=3600"],
            body: ResponseBody(byteBuffer: file.bytes))
    }
}
