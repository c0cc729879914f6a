import Foundation
import Mustache

/// The site's Mustache templates, read once from the module's `Templates` folder (which the binary's resource
/// bundle carries, so `radar serve` finds them from any working directory). Output is HTML-escaped unless a
/// template uses a triple mustache, which no template may do with user text.
struct Templates: Sendable {
    let library: MustacheLibrary

    /// Every `*.mustache` file in `directory`, named by its file name without the extension.
    init(directory: URL) throws {
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for file in files where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            do {
                library.register(try MustacheTemplate(string: text), named: String(file.dropLast(".mustache".count)))
            } catch {
                throw TemplateError(template: file, reason: "\(error)")
            }
        }
        self.library = library
    }

    /// The templates shipped with the module.
    static func bundled() throws -> Templates {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw TemplateError(template: "Templates", reason: "the resource bundle has no Templates folder")
        }
        return try Templates(directory: directory)
    }

    /// Renders template `name` with `values`; a missing template is a programming error reported as one.
    func render(_ name: String, _ values: [String: Any]) throws -> String {
        guard let html = library.render(values, withTemplate: name) else {
            throw TemplateError(template: name, reason: "no such template")
        }
        return html
    }
}

/// A template that cannot be read or parsed.
struct TemplateError: Error, CustomStringConvertible {
    var template: String
    var reason: String
    var description: String { "template \(template): \(reason)" }
}
