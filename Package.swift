// swift-tools-version:6.1
import PackageDescription

// The layout is the architecture: C libraries are wrapped by one system
// module each, pure code (AuteurCore) knows nothing of C or I/O, and the
// executable only parses arguments and wires modules together.

// Release builds of our modules are compiled for the CPU they are built
// on: `make run` builds on the machine that runs the product, and its
// vector instructions (SSE4.1's 32-bit multiplies and packs, AVX2's wider
// lanes) take a tenth off the CPU time of drawing and converting frames
// (Docs/benchmarks.md, session 9). The bytes do not change: Swift never
// fuses a multiply and an add by itself, so every operation rounds as on
// any x86-64 (frame digests of 17 films agree between baseline, SSE4.2,
// AVX2 and AVX-512 builds). Every module of ours gets the same setting,
// since the calling convention may pass 32-byte vectors differently with
// and without AVX. A binary built this way may not start on an older CPU.
let hostCPU: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"], .when(platforms: [.linux], configuration: .release))]

let package = Package(
    name: "Auteur",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "auteur", targets: ["auteur"]),
        .executable(name: "auteur-bench", targets: ["AuteurBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Content credentials: ES256 signatures and the X.509 chain in them.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ],
    targets: [
        // C modules: a module map and a shim header each, nothing else.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CFFmpeg", path: "Sources/CFFmpeg", pkgConfig: "libavformat",
                       providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev",
                                         "libswscale-dev", "libswresample-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),

        .systemLibrary(name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
                       providers: [.apt(["libfreetype-dev"])]),

        .target(name: "AuteurCore", swiftSettings: hostCPU),
        .target(name: "AuteurStore", dependencies: [
            "AuteurCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], swiftSettings: hostCPU),
        .target(name: "AuteurRender", dependencies: ["AuteurCore", "CFreeType"], swiftSettings: hostCPU),
        .target(name: "AuteurMedia", dependencies: [
            "AuteurCore", "CFFmpeg", "COpenBLAS",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ], swiftSettings: hostCPU),
        .target(name: "AuteurPlanner", dependencies: ["AuteurCore", "COpenBLAS"], swiftSettings: hostCPU),
        .target(name: "AuteurSession", dependencies: [
            "AuteurCore", "AuteurStore", "AuteurMedia", "AuteurRender",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: hostCPU),
        .target(name: "AuteurTUI", dependencies: [
            "AuteurCore", "AuteurStore", "AuteurRender", "AuteurSession", "CNcursesw",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: hostCPU),
        .executableTarget(name: "auteur", dependencies: [
            "AuteurCore", "AuteurStore", "AuteurSession", "AuteurMedia", "AuteurRender", "AuteurPlanner", "AuteurTUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: hostCPU),

        .executableTarget(name: "AuteurBench", dependencies: ["AuteurCore", "AuteurStore", "AuteurSession", "AuteurRender",
                                                              "AuteurMedia", "AuteurPlanner", "AuteurTUI"],
                          path: "Benchmarks/AuteurBench", swiftSettings: hostCPU),

        .testTarget(name: "AuteurCoreTests", dependencies: ["AuteurCore"]),
        .testTarget(name: "AuteurStoreTests", dependencies: ["AuteurStore", "AuteurCore"]),
        .testTarget(name: "AuteurSessionTests", dependencies: ["AuteurSession", "AuteurStore", "AuteurCore", "AuteurMedia", "AuteurRender"]),
        .testTarget(name: "AuteurRenderTests", dependencies: ["AuteurRender", "AuteurCore"]),
        .testTarget(name: "AuteurMediaTests", dependencies: ["AuteurMedia", "AuteurCore"]),
        .testTarget(name: "AuteurPlannerTests", dependencies: ["AuteurPlanner", "AuteurCore"],
                    exclude: ["reference_embed.py"]),
        .testTarget(name: "AuteurTUITests", dependencies: ["AuteurTUI", "AuteurCore", "AuteurSession", "AuteurStore", "AuteurRender",
                                                          "AuteurPlanner"]),
        .testTarget(name: "AuteurCLITests", dependencies: ["AuteurCore", "AuteurStore", "AuteurRender"]),
    ],
    swiftLanguageModes: [.v6]
)
