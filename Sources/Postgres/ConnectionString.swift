import CLibPQ
import Foundation

/// Builds the libpq connection parameters from a caller's connection string, and keeps secrets out of messages.
enum ConnectionString {
    /// Session settings every connection starts with, so timestamps and floats always read back the same way.
    static let sessionOptions = "-c TimeZone=UTC -c DateStyle=ISO -c extra_float_digits=3"

    /// Keywords and values for `PQconnectdbParams` with `expand_dbname=1`: later entries override the expanded
    /// connection string, earlier ones are defaults it can override.
    static func parameters(
        for conninfo: String,
        applicationName: String?,
        connectTimeout: Duration?
    ) throws -> [(String, String)] {
        let given = try parse(conninfo)
        var parameters: [(String, String)] = []
        if let connectTimeout {
            // libpq takes whole seconds and treats anything below 2 as 2.
            let seconds = max(2, Int(connectTimeout.components.seconds))
            parameters.append(("connect_timeout", String(seconds)))
        }
        parameters.append(("dbname", conninfo))
        parameters.append(("client_encoding", "UTF8"))
        // The caller's own options (from the string, else PGOPTIONS) are kept; ours come last and win.
        let callerOptions = given["options"] ?? ProcessInfo.processInfo.environment["PGOPTIONS"] ?? ""
        parameters.append(("options", callerOptions.isEmpty ? sessionOptions : callerOptions + " " + sessionOptions))
        if let applicationName {
            parameters.append(("application_name", applicationName))
        }
        return parameters
    }

    /// The keywords a connection string sets explicitly, or `.connectionFailed` naming what is malformed.
    static func parse(_ conninfo: String) throws -> [String: String] {
        switch explicitValues(conninfo) {
        case .success(let values):
            return values
        case .failure(let reason):
            throw PostgresError(
                kind: .connectionFailed,
                message: "invalid PostgreSQL connection string: " + redact(reason.text.singleLine, conninfo: conninfo)
            )
        }
    }

    /// libpq's reason for rejecting a connection string, not yet redacted.
    struct ParseFailure: Error {
        let text: String
    }

    private static func explicitValues(_ conninfo: String) -> Result<[String: String], ParseFailure> {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            let reason = errorMessage.map { String(cString: $0) } ?? "out of memory"
            if let errorMessage { PQfreemem(errorMessage) }
            return .failure(ParseFailure(text: reason))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                values[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        return .success(values)
    }

    /// The message with passwords from URIs (`user:secret@`), `password=` pairs and the connection string removed.
    static func redact(_ message: String, conninfo: String) -> String {
        var text = message
        if let password = try? explicitValues(conninfo).get()["password"], password.count >= 3 {
            text = text.replacingOccurrences(of: password, with: "********")
        }
        if let uriPassword = try? Regex(#"([A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@"#) {
            text = text.replacing(uriPassword) { match in "\(match.output[1].substring ?? "")********@" }
        }
        if let keyValuePassword = try? Regex(#"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s"]+)"#) {
            text = text.replacing(keyValuePassword) { match in "\(match.output[1].substring ?? "")********" }
        }
        return text
    }

    /// One line for a failed connect: "cannot connect to PostgreSQL at 127.0.0.1:5999: connection refused".
    static func connectFailure(handle: OpaquePointer?, conninfo: String) -> PostgresError {
        let raw = handle.flatMap { PQerrorMessage($0) }.map { String(cString: $0) } ?? "out of memory"
        let lines = raw.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        var reason = lines.first { !$0.isEmpty } ?? "unknown error"
        // libpq names the server at the front of the line; the description names it once, in host:port form.
        if reason.hasPrefix("connection to server"), let failed = reason.range(of: " failed: ") {
            reason = String(reason[failed.upperBound...])
        }
        for prefix in ["FATAL:  ", "ERROR:  "] where reason.hasPrefix(prefix) {
            reason = String(reason.dropFirst(prefix.count))
        }
        if let first = reason.first, first.isUppercase, reason.dropFirst().first?.isLowercase == true {
            reason = first.lowercased() + reason.dropFirst()
        }
        var place = ""
        if let handle, let host = PQhost(handle).map({ String(cString: $0) }), !host.isEmpty {
            let port = PQport(handle).map { String(cString: $0) } ?? ""
            place = port.isEmpty ? " at \(host)" : " at \(host):\(port)"
        }
        return PostgresError(
            kind: .connectionFailed,
            message: "cannot connect to PostgreSQL\(place): " + redact(reason, conninfo: conninfo)
        )
    }
}
