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

    /// The view that computes the facts of each subject kind, and the column holding the subject's id.
    static func source(of kind: SubjectKind) -> (view: String, id: String) {
        switch kind {
        case .stakeholder: ("facts_stakeholder", "stakeholder_id")
        case .initiative: ("facts_initiative", "initiative_id")
        case .conversation: ("facts_conversation", "conversation_id")
        case .organisation: ("facts_organisation", "org_id")
        }
    }

    enum Query {
        static let columns = """
            SELECT a.attname AS name, t.typname AS type
              FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
             WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """
        // The view names come from `source(of:)`, never from input.
        static func facts(_ view: String) -> String { "SELECT * FROM \(view)" }
    }

    /// Columns that identify a subject rather than describe it.
    static let identity: Set<String> = ["org_id", "stakeholder_id", "initiative_id", "conversation_id", "subject",
                                        "subject_name"]

    /// The fact names and types a rule about `kind` may use, read from the view's columns.
    public static func types(of kind: SubjectKind, in tx: TenantTransaction) throws -> [String: FactType] {
        var types: [String: FactType] = [:]
        for row in try tx.connection.query(Query.columns, [source(of: kind).view]) {
            let name: String = try row.decode("name")
            let type: String = try row.decode("type")
            if name == "subject_name" || !identity.contains(name) { types[name] = FactType(postgresType: type) }
        }
        return types
    }

    /// Reads the facts of every subject of `kind` as of `asOf`.
    public static func load(_ kind: SubjectKind, asOf: Date, in tx: TenantTransaction) throws -> FactTable {
        try tx.readViews(asOf: asOf)
        let types = try types(of: kind, in: tx)
        let source = source(of: kind)
        let subjects = try tx.connection.query(Query.facts(source.view)).map { row in
            var facts: [String: FactValue] = [:]
            for (name, type) in types {
                facts[name] = FactValue(postgresText: row.text(name), type: type)
            }
            return Subject(id: try row.decode(source.id), key: try row.decode("subject"),
                           name: try row.decode("subject_name"), facts: facts)
        }
        return FactTable(kind: kind, types: types, subjects: subjects)
    }
}

extension FactType {
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
