import CLibPQ

/// Turns libpq results into `QueryResult`s and `PostgresError`s, always clearing them.
enum ResultReader {
    /// Reads a finished statement's result and clears it.
    static func queryResult(_ result: OpaquePointer?, handle: OpaquePointer) throws -> QueryResult {
        guard let result else { throw connectionError(handle) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return materialize(result)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            abandonCopy(handle, status: status)
            throw PostgresError(
                kind: .protocolViolation,
                message: "COPY FROM STDIN and COPY TO STDOUT must be run with copyIn or copyOut"
            )
        default:
            throw error(from: result, handle: handle)
        }
    }

    /// Copies rows, column names and types out of the result.
    static func materialize(_ result: OpaquePointer) -> QueryResult {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        let layout = ColumnLayout(
            names: (0..<columnCount).map { String(cString: PQfname(result, $0)) },
            types: (0..<columnCount).map { PQftype(result, $0) }
        )
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            let values = (0..<columnCount).map { column -> String? in
                guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else {
                    return nil
                }
                let bytes = UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self)
                let length = Int(PQgetlength(result, row, column))
                return String(decoding: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
            }
            rows.append(Row(layout: layout, values: values))
        }
        let affected = PQcmdTuples(result).map { String(cString: $0) }.flatMap { Int($0) } ?? 0
        return QueryResult(columns: layout.names, columnTypes: layout.types, rows: rows, rowsAffected: affected)
    }

    /// The error a failed result describes: the server's fields when it sent them, else a lost connection.
    static func error(from result: OpaquePointer, handle: OpaquePointer) -> PostgresError {
        let sqlState = field(result, "C")
        let fallback = PQresultErrorMessage(result).map { String(cString: $0).singleLine } ?? ""
        if sqlState == nil, PQstatus(handle) != CONNECTION_OK {
            return connectionError(handle, reason: fallback)
        }
        return PostgresError(
            kind: .server,
            message: field(result, "M") ?? (fallback.isEmpty ? "unknown error" : fallback),
            code: sqlState.map(PostgresError.Code.init(rawValue:)),
            detail: field(result, "D"),
            hint: field(result, "H"),
            constraint: field(result, "n"),
            schema: field(result, "s"),
            table: field(result, "t"),
            column: field(result, "c"),
            position: field(result, "P").flatMap { Int($0) }
        )
    }

    /// The error for a call that got no result at all, from the connection's last error message.
    static func connectionError(_ handle: OpaquePointer, reason: String? = nil) -> PostgresError {
        let message = reason ?? PQerrorMessage(handle).map { String(cString: $0).singleLine } ?? ""
        let text = message.isEmpty ? "no response from the server" : message
        guard PQstatus(handle) != CONNECTION_OK else {
            return PostgresError(kind: .protocolViolation, message: "PostgreSQL call failed: \(text)")
        }
        return PostgresError(kind: .connectionLost, message: "lost the connection to PostgreSQL: \(text)")
    }

    /// One diagnostic field of an error or notice (`PG_DIAG_*`, given by its letter).
    static func field(_ result: OpaquePointer, _ code: Character) -> String? {
        guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
        return String(cString: value)
    }

    /// Leaves a COPY that a plain query started, so the connection stays usable.
    static func abandonCopy(_ handle: OpaquePointer, status: ExecStatusType) {
        if status == PGRES_COPY_IN {
            _ = PQputCopyEnd(handle, "COPY must be run with copyIn")
        } else {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(handle, &buffer, 0) > 0 {
                PQfreemem(buffer)
            }
        }
        drainResults(handle)
    }

    /// Reads and clears any results still pending, returning the last error among them.
    @discardableResult
    static func drainResults(_ handle: OpaquePointer) -> PostgresError? {
        var lastError: PostgresError?
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            if status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE {
                lastError = error(from: result, handle: handle)
            }
            PQclear(result)
            if status == PGRES_COPY_IN || status == PGRES_COPY_OUT { break }
        }
        return lastError
    }
}
