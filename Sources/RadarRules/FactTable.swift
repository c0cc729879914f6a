import Foundation
import Postgres
import RadarDomain
import RadarStore

/// The facts of every subject of one kind, as of one instant, read in one set-based pass from its facts view.
public struct FactTable: Sendable {
    /// One subject and its facts.
    public struct Subject: Sendable {
        public var id: UUID
        /// The stakeholder's e-mail, the initiative's or conversation's ref, or the organisation's slug.
        public var key: String
        public var name: String
        public var facts: [String: FactValue]
    }

    public var kind: SubjectKind
    public var types: [String: FactType]
    public var subjects: [Subject]

    /// The view that computes the facts of each subject kind, the column holding the subject's id, and the function
    /// that computes the same facts for named subjects only, where the kind has one.
    static func source(of kind: SubjectKind) -> (view: String, id: String, function: String?) {
        switch kind {
        case .stakeholder: ("facts_person", "stakeholder_id", "facts_person_of")
        case .initiative: ("facts_initiative", "initiative_id", nil)
        case .conversation: ("facts_conversation", "conversation_id", nil)
        case .organisation: ("facts_organisation", "org_id", nil)
        }
    }

    enum Query {
        static let columns = """
            SELECT c.relname::text AS view, a.attname AS name, t.typname AS type
              FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_class c ON c.oid = a.attrelid
             WHERE a.attrelid = ANY ($1::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """
        // The view and function names come from `source(of:)`, never from input.
        static func facts(_ view: String) -> String { "SELECT * FROM \(view)" }
        static func facts(of function: String) -> String { "SELECT * FROM \(function)($1::uuid[])" }
    }

    /// Columns that identify a subject rather than describe it.
    static let identity: Set<String> = [
        "org_id", "stakeholder_id", "initiative_id", "conversation_id", "subject",
        "subject_name",
    ]

    /// Whether a view's column is a fact a condition may read: every column but the identifying ones, and the
    /// subject's name, which messages use.
    static func isFact(_ column: String) -> Bool {
        column == "subject_name" || !identity.contains(column)
    }

    /// The fact names and types a rule about `kind` may use, read from the view's columns.
    public static func types(of kind: SubjectKind, in tx: TenantTransaction) throws -> [String: FactType] {
        try types(of: [kind], in: tx)[kind] ?? [:]
    }

    /// The same for several kinds of subject in one look at the catalogue.
    public static func types(
        of kinds: Set<SubjectKind>, in tx: TenantTransaction
    ) throws -> [SubjectKind: [String: FactType]] {
        let kindByView = Dictionary(uniqueKeysWithValues: kinds.map { (source(of: $0).view, $0) })
        var types: [SubjectKind: [String: FactType]] = [:]
        for row in try tx.connection.query(Query.columns, [Array(kindByView.keys)]) {
            let name: String = try row.decode("name")
            guard let kind = kindByView[try row.decode("view")], isFact(name) else { continue }
            types[kind, default: [:]][name] = FactType(postgresType: try row.decode("type", as: String.self))
        }
        return types
    }

    /// Reads the facts of every subject of `kind` as of `asOf`, or of the subjects in `only` when given (others may
    /// come too, for kinds without a function for named subjects); the fact types come with the rows (the result's
    /// column types), so no second look at the catalogue is needed.
    public static func load(
        _ kind: SubjectKind, asOf: Date, only: Set<UUID>? = nil, in tx: TenantTransaction
    ) throws -> FactTable {
        try tx.readViews(asOf: asOf)
        let source = source(of: kind)
        let result =
            if let only, let function = source.function {
                try tx.connection.query(Query.facts(of: function), [only.sorted { $0.uuidString < $1.uuidString }])
            } else {
                try tx.connection.query(Query.facts(source.view))
            }
        var types: [String: FactType] = [:]
        for (name, oid) in zip(result.columns, result.columnTypes) where isFact(name) {
            types[name] = FactType(postgresType: oid)
        }
        let subjects = try result.map { row in
            var facts: [String: FactValue] = [:]
            for (name, type) in types {
                facts[name] = FactValue(postgresText: row.text(name), type: type)
            }
            return Subject(
                id: try row.decode(source.id), key: try row.decode("subject"),
                name: try row.decode("subject_name"), facts: facts)
        }
        return FactTable(kind: kind, types: types, subjects: subjects)
    }
}

extension FactType {
    /// How a column of the type with this OID reads in conditions.
    init(postgresType oid: UInt32) {
        switch oid {
        case PostgresTypeOID.bool: self = .bool
        case PostgresTypeOID.int2, PostgresTypeOID.int4, PostgresTypeOID.int8, PostgresTypeOID.numeric,
            PostgresTypeOID.float4, PostgresTypeOID.float8:
            self = .number
        default: self = .text
        }
    }

    /// How a PostgreSQL column type reads in conditions.
    init(postgresType: String) {
        switch postgresType {
        case "bool": self = .bool
        case "int2", "int4", "int8", "numeric", "float4", "float8": self = .number
        default: self = .text
        }
    }
}

extension FactValue {
    /// Reads a column's text as the fact type the condition language expects.
    init(postgresText text: String?, type: FactType) {
        guard let text else {
            self = .null
            return
        }
        switch type {
        case .bool: self = .bool(text == "t" || text == "true")
        case .number: self = Double(text).map(FactValue.number) ?? .null
        case .text: self = .text(text)
        }
    }
}
