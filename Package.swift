// swift-tools-version:6.0
// TinyLab: train and compare tiny MLP language models. Library targets answer one question each
// and depend only downward (see Docs/ARCHITECTURE.md); the `tinylab` executable translates flags
// into library calls.
import PackageDescription

let package = Package(
    name: "tinylab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tinylab", targets: ["tinylab"]),
        .library(name: "TinyLab", targets: ["BPE", "MLP", "Plot"]),
    ],
    dependencies: [
        // The command line: subcommands, typed options, generated --help and shell completion.
        // Writing that by hand would be a second, worse argument parser.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libgd, the C drawing library behind every figure (PNG output, FreeType text).
        .systemLibrary(
            name: "CGD",
            pkgConfig: "gdlib",
            providers: [.apt(["libgd-dev"]), .brew(["gd"])]
        ),
        .target(name: "BPE"),
        .target(name: "MLP"),
        .target(name: "Plot", dependencies: ["CGD"]),
        .executableTarget(
            name: "tinylab",
            dependencies: [
                "BPE", "MLP", "Plot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "BPETests", dependencies: ["BPE"]),
        .testTarget(name: "MLPTests", dependencies: ["MLP"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "CGD"]),
        .testTarget(name: "tinylabTests", dependencies: ["tinylab"]),
    ],
    swiftLanguageModes: [.v6]
)
