// swift-tools-version:6.1
import PackageDescription

// Modules, leaves first: CLibPQ → Postgres → RadarDomain → RadarStore → RadarRules → RadarCLI → radar.
// A module only ever imports modules to its left.
let package = Package(
    name: "commitment-radar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "radar", targets: ["radar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        /// A small generic PostgreSQL layer over libpq: connections, typed binds and decoding, COPY, a pool.
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        /// The product's vocabulary as pure values: no I/O.
        .target(name: "RadarDomain"),
        /// Turns the files of `sql/` into a Swift source at build time.
        .executableTarget(name: "SQLEmbedder", path: "Sources/SQLEmbedder"),
        .plugin(
            name: "EmbedSQLPlugin",
            capability: .buildTool(),
            dependencies: ["SQLEmbedder"],
            path: "Sources/EmbedSQLPlugin"
        ),
        /// SQL, migrations, tenant-scoped transactions and repositories.
        .target(
            name: "RadarStore",
            dependencies: [
                "Postgres",
                "RadarDomain",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedSQLPlugin"]
        ),
        /// The rule engine: the condition language, facts, the catalogue, flags.
        .target(
            name: "RadarRules",
            dependencies: [
                "Postgres",
                "RadarDomain",
                "RadarStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// The admin commands, as a library so tests drive the parsed entry points.
        .target(
            name: "RadarCLI",
            dependencies: [
                "Postgres",
                "RadarDomain",
                "RadarStore",
                "RadarRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "radar",
            dependencies: ["RadarCLI", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres"]),
        .testTarget(name: "RadarRulesTests", dependencies: ["RadarDomain", "RadarRules"]),
        .testTarget(
            name: "RadarStoreTests",
            dependencies: ["Postgres", "RadarDomain", "RadarStore", "RadarRules", "RadarCLI"]
        ),
    ]
)
