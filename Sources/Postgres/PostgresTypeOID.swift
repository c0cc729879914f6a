/// Object identifiers of the built-in PostgreSQL types this module binds and decodes.
public enum PostgresTypeOID {
    /// Let the server infer the parameter's type from the statement.
    public static let unspecified: UInt32 = 0
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let unknown: UInt32 = 705
    public static let bpchar: UInt32 = 1042
    public static let varchar: UInt32 = 1043
    public static let date: UInt32 = 1082
    public static let time: UInt32 = 1083
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let interval: UInt32 = 1186
    public static let numeric: UInt32 = 1700
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802

    /// Element type to array type, for the built-in types above.
    static let arrayOfElement: [UInt32: UInt32] = [
        bool: 1000, bytea: 1001, name: 1003, int2: 1005, int4: 1007, text: 1009, bpchar: 1014, varchar: 1015,
        int8: 1016, float4: 1021, float8: 1022, oid: 1028, json: 199, date: 1182, time: 1183, timestamp: 1115,
        timestamptz: 1185, interval: 1187, numeric: 1231, uuid: 2951, jsonb: 3807,
    ]

    /// Array type to element type.
    static let elementOfArray: [UInt32: UInt32] = Dictionary(
        uniqueKeysWithValues: arrayOfElement.map { ($0.value, $0.key) }
    )
}

/// Human-readable names of type OIDs, for error messages.
enum PostgresTypeName {
    private static let names: [UInt32: String] = [
        PostgresTypeOID.bool: "boolean", PostgresTypeOID.bytea: "bytea", PostgresTypeOID.name: "name",
        PostgresTypeOID.int8: "bigint", PostgresTypeOID.int2: "smallint", PostgresTypeOID.int4: "integer",
        PostgresTypeOID.text: "text", PostgresTypeOID.oid: "oid", PostgresTypeOID.json: "json",
        PostgresTypeOID.float4: "real", PostgresTypeOID.float8: "double precision",
        PostgresTypeOID.unknown: "unknown", PostgresTypeOID.bpchar: "character",
        PostgresTypeOID.varchar: "character varying", PostgresTypeOID.date: "date",
        PostgresTypeOID.time: "time", PostgresTypeOID.timestamp: "timestamp",
        PostgresTypeOID.timestamptz: "timestamptz", PostgresTypeOID.interval: "interval",
        PostgresTypeOID.numeric: "numeric", PostgresTypeOID.uuid: "uuid", PostgresTypeOID.jsonb: "jsonb",
    ]

    /// "text (oid 25)", "integer[] (oid 1007)", or "oid 16384" for types this module does not know.
    static func describe(_ oid: UInt32) -> String {
        if let name = names[oid] {
            return "\(name) (oid \(oid))"
        }
        if let element = PostgresTypeOID.elementOfArray[oid], let name = names[element] {
            return "\(name)[] (oid \(oid))"
        }
        return "oid \(oid)"
    }
}
