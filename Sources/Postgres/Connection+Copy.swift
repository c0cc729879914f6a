import CLibPQ

extension Connection {
    /// Streams rows into `COPY … FROM STDIN` (text format) and returns the number of rows copied. A `nil` field is
    /// NULL; tabs, newlines, carriage returns and backslashes in values are escaped. Server errors (bad data,
    /// constraint violations) throw `.server` with the server's fields.
    @discardableResult
    public func copyIn(_ copyStatement: String, rows: some Sequence<[String?]>) throws -> Int {
        try withHandle { handle in
            try Self.startCopy(copyStatement, expecting: PGRES_COPY_IN, handle: handle)
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Self.chunkSize + 4096)
            for row in rows {
                CopyTextFormat.append(row, to: &chunk)
                if chunk.count >= Self.chunkSize {
                    try Self.send(chunk, handle: handle)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty {
                try Self.send(chunk, handle: handle)
            }
            guard PQputCopyEnd(handle, nil) == 1 else {
                throw Self.copyStreamError(handle)
            }
            return try Self.finishCopy(handle)
        }
    }

    /// Runs `COPY … TO STDOUT` and calls `handle` with each data row as the server sends it (text format, ending in
    /// a newline). `handle` must not use this connection; if it throws, the rest of the output is read and dropped.
    public func copyOut(_ copyStatement: String, _ handle: (String) throws -> Void) throws {
        try withHandle { connection in
            try Self.startCopy(copyStatement, expecting: PGRES_COPY_OUT, handle: connection)
            var callerError: (any Error)?
            var buffer: UnsafeMutablePointer<CChar>?
            while true {
                let length = PQgetCopyData(connection, &buffer, 0)
                guard length > 0, let data = buffer else { break }
                defer { PQfreemem(data) }
                guard callerError == nil else { continue }
                let bytes = UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self)
                do {
                    try handle(String(decoding: UnsafeBufferPointer(start: bytes, count: Int(length)), as: UTF8.self))
                } catch {
                    callerError = error
                }
            }
            _ = try Self.finishCopy(connection)
            if let callerError { throw callerError }
        }
    }

    private static let chunkSize = 64 * 1024

    /// Sends the COPY statement and checks the server entered the expected COPY state.
    private static func startCopy(_ sql: String, expecting expected: ExecStatusType, handle: OpaquePointer) throws {
        guard let result = PQexec(handle, sql) else { throw ResultReader.connectionError(handle) }
        let status = PQresultStatus(result)
        if status == expected {
            PQclear(result)
            return
        }
        defer { PQclear(result) }
        if status == PGRES_COPY_IN || status == PGRES_COPY_OUT {
            ResultReader.abandonCopy(handle, status: status)
        }
        if status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR {
            throw ResultReader.error(from: result, handle: handle)
        }
        let wanted = expected == PGRES_COPY_IN ? "COPY … FROM STDIN" : "COPY … TO STDOUT"
        throw PostgresError(kind: .copyFailed, message: "expected a \(wanted) statement, got: \(sql.singleLine)")
    }

    private static func send(_ bytes: [UInt8], handle: OpaquePointer) throws {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw copyStreamError(handle) }
    }

    /// Reads the final result of a COPY, returning the rows copied or the server's error.
    private static func finishCopy(_ handle: OpaquePointer) throws -> Int {
        guard let result = PQgetResult(handle) else { throw ResultReader.connectionError(handle) }
        let outcome = Result { try ResultReader.queryResult(result, handle: handle) }
        ResultReader.drainResults(handle)
        return try outcome.get().rowsAffected
    }

    private static func copyStreamError(_ handle: OpaquePointer) -> PostgresError {
        var error = ResultReader.connectionError(handle)
        if error.kind == .protocolViolation {
            error.kind = .copyFailed
        }
        ResultReader.drainResults(handle)
        return error
    }
}

/// PostgreSQL's COPY text format: tab-separated fields, `\N` for NULL, backslash escapes, one line per row.
enum CopyTextFormat {
    static func append(_ row: [String?], to buffer: inout [UInt8]) {
        for (index, field) in row.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let field else {
                buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }
}
