// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "posture",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "posture", targets: ["posture"]),
        .executable(name: "posture-synthetic-engine", targets: ["posture-synthetic-engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // Plain value types shared by collectors and the store: facts, collector results, snapshots.
        .target(name: "PostureFacts"),
        // A strict, fast JSON reader (bytes plus a flat node list) and canonical JSON text: the
        // engine answers and the scanner reports are both read with it.
        .target(name: "PostureJSON"),
        // SQLite: migrations, change-only history writes, read-only query execution, snapshot scoping.
        .target(
            name: "PostureStore",
            dependencies: [
                "PostureFacts", "PostureJSON",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Engine API client, collectors, host readers and scanner importers. Produces facts only.
        .target(
            name: "PostureCollect",
            dependencies: [
                "PostureFacts", "PostureJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]),
        // Host truth from /proc, /sys/fs/cgroup and /etc below a configurable host root.
        .target(name: "PostureHost", dependencies: ["PostureFacts"]),
        // Scanner report importers (Trivy, Grype, Snyk): parse, detect format, produce facts.
        .target(
            name: "PostureScans",
            dependencies: ["PostureFacts", "PostureJSON", .product(name: "Crypto", package: "swift-crypto")]),
        // Canned checks (queries/**/*.sql embedded): load, lint, evaluate into findings.
        .target(
            name: "PostureChecks",
            dependencies: [
                "PostureFacts", "PostureStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Output formats for query results, reports and diffs.
        .target(name: "PostureReport", dependencies: ["PostureFacts", "PostureJSON", "PostureStore", "PostureChecks"]),
        // The command line: argument parsing and wiring only.
        .executableTarget(
            name: "posture",
            dependencies: [
                "PostureFacts", "PostureStore", "PostureCollect", "PostureHost", "PostureScans",
                "PostureChecks", "PostureReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Benchmark fixture: a generated Docker engine (inventory, churn, Engine API documents).
        .target(name: "SyntheticEngine"),
        // Serves SyntheticEngine over HTTP on a unix socket (benchmarks only, never in tests of posture).
        .executableTarget(
            name: "posture-synthetic-engine",
            dependencies: [
                "SyntheticEngine",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // PostureCollect: the exports are checked with posture's own archive reader.
        .testTarget(name: "SyntheticEngineTests", dependencies: ["SyntheticEngine", "PostureCollect"]),
        .testTarget(
            name: "PostureStoreTests",
            dependencies: [
                "PostureStore", "PostureFacts", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "PostureCollectTests",
            dependencies: [
                "PostureCollect", "PostureFacts", "PostureJSON", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(name: "PostureHostTests", dependencies: ["PostureHost", "PostureFacts", "PostureStore"]),
        .testTarget(name: "PostureScansTests", dependencies: ["PostureScans", "PostureJSON", "PostureFacts", "PostureStore"]),
        .testTarget(
            name: "PostureChecksTests",
            dependencies: [
                "PostureChecks", "PostureFacts", "PostureStore", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "PostureReportTests", dependencies: ["PostureReport", "PostureStore", "PostureFacts", "PostureChecks"],
            exclude: ["Golden"]),
        .testTarget(
            name: "PostureIntegrationTests",
            dependencies: [
                "PostureCollect", "PostureHost", "PostureScans", "PostureStore", "PostureFacts",
                "PostureChecks", "PostureReport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ]
)

// The libFuzzer target of the decoders (Fuzz/): only scripts/fuzz builds it, with POSTURE_FUZZ=1,
// `--sanitize fuzzer` and its own --scratch-path .build-fuzz; plain builds and tests never see it.
if Context.environment["POSTURE_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "posture-fuzz", dependencies: ["PostureCollect", "PostureScans", "PostureJSON"], path: "Fuzz/Sources/posture-fuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}
