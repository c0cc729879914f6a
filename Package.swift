// swift-tools-version:6.1
import PackageDescription

// Modules, leaves first: CLibPQ, CLibICal, CivilCalendar, OutgoingHTTP → Postgres, RadarCalendar → RadarDomain
// → RadarStore → RadarRules → RadarDigest → OpenIDConnect → RadarAccess → RadarWeb → RadarServer → RadarCLI → radar.
// A module only ever imports modules to its left.
let package = Package(
    name: "commitment-radar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "radar", targets: ["radar"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // jwt-kit 5.7 needs swift-crypto 4; the product's own uses of Crypto read the same in 3 and 4.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CLibICal",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        /// Day arithmetic on the civil calendar, shared by the libpq layer's timestamps and the domain's days.
        .target(name: "CivilCalendar"),
        /// A small generic PostgreSQL layer over libpq: connections, typed binds and decoding, COPY, a pool.
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                "CivilCalendar",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        /// iCalendar files read with libical into meetings: instants, occurrences of series, people and replies.
        .target(name: "RadarCalendar", dependencies: ["CLibICal"]),
        /// The product's nouns, vocabularies, drafts and validation as pure values: no I/O.
        .target(name: "RadarDomain", dependencies: ["CivilCalendar"]),
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
                "RadarCalendar",
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
        /// Subscribed calendars polled into the review queue of drafts: conditional GET, back-off, once-only claims.
        .target(
            name: "RadarFeeds",
            dependencies: [
                "OutgoingHTTP",
                "RadarCalendar",
                "RadarDomain",
                "RadarStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// The weekly risk digest: its content as one value, four renderers, the outbox and the schedule.
        .target(
            name: "RadarDigest",
            dependencies: [
                "OutgoingHTTP",
                "Postgres",
                "RadarDomain",
                "RadarStore",
                "RadarRules",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// An OpenID Connect relying party: discovery, PKCE authorization requests, the code exchange, and ID tokens
        /// The sessions outgoing requests go through: ephemeral, and (for webhooks and providers) refusing redirects.
        .target(name: "OutgoingHTTP"),
        /// checked with jwt-kit against the provider's published keys. Knows nothing of the product.
        .target(
            name: "OpenIDConnect",
            dependencies: [
                "OutgoingHTTP",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// People and machines who may use the service: users, roles, API tokens, login throttling, idempotency.
        .target(
            name: "RadarAccess",
            dependencies: [
                "Postgres",
                "RadarDomain",
                "RadarStore",
                "OpenIDConnect",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// The HR web pages: server-rendered Mustache templates, sessions, CSRF protection.
        .target(
            name: "RadarWeb",
            dependencies: [
                "Postgres",
                "RadarDomain",
                "RadarStore",
                "RadarRules",
                "RadarDigest",
                "RadarAccess",
                "OpenIDConnect",
                "RadarCalendar",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Assets")]
        ),
        /// `radar serve`: the HTTP API from `openapi.yaml`, metrics, health, and the scheduler.
        .target(
            name: "RadarServer",
            dependencies: [
                "Postgres",
                "RadarDomain",
                "RadarStore",
                "RadarRules",
                "RadarDigest",
                "RadarAccess",
                "RadarWeb",
                "OpenIDConnect",
                "RadarFeeds",
                "RadarCalendar",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The document is served at /api/v1/openapi.yaml, so the binary carries it.
            resources: [.embedInCode("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        /// The admin commands, as a library so tests drive the parsed entry points.
        .target(
            name: "RadarCLI",
            dependencies: [
                "Postgres",
                "RadarDomain",
                "RadarStore",
                "RadarRules",
                "RadarDigest",
                "RadarAccess",
                "RadarServer",
                "RadarCalendar",
                "RadarFeeds",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "radar",
            dependencies: ["RadarCLI", .product(name: "Logging", package: "swift-log")]
        ),
        /// The PostgreSQL server the tests run against, a cluster of a test's own, and restarting the shared one.
        .target(name: "PostgresTestSupport", dependencies: ["Postgres"], path: "Tests/PostgresTestSupport"),
        /// What the product's database-backed suites share: the migrated test database and an in-process `radar`.
        .target(
            name: "RadarTestSupport",
            dependencies: ["PostgresTestSupport", "Postgres", "RadarStore", "RadarCLI"],
            path: "Tests/RadarTestSupport"
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "PostgresTestSupport"]),
        // Unit tests (no database) and integration tests (a real PostgreSQL) of a module are separate targets.
        .testTarget(name: "RadarDomainTests", dependencies: ["RadarDomain"]),
        .testTarget(name: "OpenIDConnectTests", dependencies: ["OpenIDConnect"]),
        .testTarget(name: "RadarCalendarTests", dependencies: ["RadarCalendar"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RadarRulesTests", dependencies: ["RadarDomain", "RadarRules"]),
        .testTarget(
            name: "RadarRulesIntegrationTests",
            dependencies: [
                "RadarTestSupport", "Postgres", "RadarDomain", "RadarStore", "RadarRules", "RadarCLI", "RadarCalendar",
            ]
        ),
        .testTarget(
            name: "RadarStoreTests",
            dependencies: [
                "PostgresTestSupport", "RadarTestSupport", "Postgres", "RadarDomain", "RadarStore", "RadarRules",
                "RadarCLI", "RadarCalendar", "RadarFeeds",
            ]
        ),
        .testTarget(
            name: "RadarDigestTests",
            dependencies: [
                "RadarTestSupport", "Postgres", "RadarDomain", "RadarStore", "RadarRules", "RadarDigest", "RadarCLI",
                "RadarCalendar",
            ],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "RadarAccessTests",
            dependencies: ["RadarTestSupport", "Postgres", "RadarDomain", "RadarStore", "RadarAccess", "RadarCLI"]
        ),
        .testTarget(
            name: "RadarServerTests",
            dependencies: [
                "PostgresTestSupport", "RadarTestSupport",
                "Postgres", "RadarDomain", "RadarStore", "RadarRules", "RadarDigest", "RadarAccess", "RadarServer",
                "RadarCLI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "RadarWebTests",
            dependencies: [
                "RadarTestSupport",
                "Postgres", "RadarDomain", "RadarStore", "RadarRules", "RadarDigest", "RadarAccess", "RadarWeb",
                "RadarServer",
                "RadarCLI", "RadarCalendar",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
