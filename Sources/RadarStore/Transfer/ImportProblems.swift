import RadarDomain

/// Every problem an import found, as `file:line: column: problem`, keeping the first `limit` and counting the rest.
struct ImportProblems {
    static let limit = 50

    private(set) var listed: [ValidationProblem] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Records a problem; `line` is the physical line in the file (the header is line 1).
    mutating func add(_ file: TransferFile, line: Int?, column: String? = nil, _ message: String) {
        count += 1
        guard listed.count < Self.limit else { return }
        var field = file.fileName
        if let line { field += ":\(line)" }
        if let column { field += ": \(column)" }
        listed.append(ValidationProblem(field: field, message: message))
    }

    /// The problems as one failure, with a last line saying how many were left out; nil when there were none.
    var failure: ValidationFailure? {
        guard !isEmpty else { return nil }
        var problems = listed
        if count > listed.count {
            problems.append(ValidationProblem(field: "…", message: "and \(count - listed.count) more"))
        }
        return ValidationFailure(problems)
    }
}
