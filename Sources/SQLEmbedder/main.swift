import Foundation

// Usage: SQLEmbedder SQL_ROOT OUTPUT
// Writes a Swift source declaring `EmbeddedSQL.files`: every regular file below SQL_ROOT, by its path relative to
// SQL_ROOT, with its bytes as base64, so no SQL text can ever clash with Swift literal syntax.
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: SQLEmbedder SQL_ROOT OUTPUT\n".utf8))
    exit(2)
}
let rootURL = URL(filePath: arguments[arguments.startIndex]).standardizedFileURL
let root = rootURL.path(percentEncoded: false)
let output = URL(filePath: arguments[arguments.startIndex + 1])
let walker = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey])
let inputs = (walker?.compactMap { $0 as? URL } ?? [])
    .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    .map { $0.path(percentEncoded: false) }
    .sorted()

var source = """
    // Generated at build time from sql/ by SQLEmbedder. Do not edit.
    import Foundation

    /// The files of the top-level `sql/` folder, as they were when this binary was built.
    enum EmbeddedSQL {
        /// Relative path (e.g. `migrations/001_schema.sql`) and the file's bytes, base64-encoded.
        static let files: [(path: String, base64: String)] = [

    """
for input in inputs {
    let url = URL(filePath: input).standardizedFileURL
    var relative = url.path(percentEncoded: false)
    if relative.hasPrefix(root) { relative.removeFirst(root.count) }
    while relative.hasPrefix("/") { relative.removeFirst() }
    let bytes = try Data(contentsOf: url)
    source += "        (path: \"\(relative)\", base64: \"\(bytes.base64EncodedString())\"),\n"
}
source += "    ]\n}\n"
try Data(source.utf8).write(to: output, options: .atomic)
