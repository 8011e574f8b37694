// swift-tools-version:6.0
// TinyLab: train and compare tiny MLP language models. Library targets answer one question each
// and depend only downward (see Docs/ARCHITECTURE.md); the `tinylab` executable translates flags
// into library calls.
import PackageDescription

// The training kernels are written with 8-wide SIMD and fused multiply-adds. Swift's default
// x86-64 target has neither AVX nor FMA, which makes that code slower than plain loops, so the
// MLP module is compiled for the CPU that builds it. Set TINYLAB_TARGET_CPU to build for another
// one (e.g. `x86-64-v3` when the oldest node of a cluster should run the binary). The kernels'
// arithmetic does not depend on this: the same fixed-width SIMD operations run either way. The
// flag is an unsafeFlag, so another package cannot depend on TinyLab by version; TinyLab is built
// as the root package.
let targetCPU = Context.environment["TINYLAB_TARGET_CPU"] ?? "native"

let package = Package(
    name: "tinylab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tinylab", targets: ["tinylab"]),
        .library(name: "TinyLab", targets: ["BPE", "MLP", "Plot", "Sweep", "Report"]),
    ],
    dependencies: [
        // The command line: subcommands, typed options, generated --help and shell completion.
        // Writing that by hand would be a second, worse argument parser.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libgd, the C drawing library behind every figure (PNG output, FreeType text). Its header
        // and library sit on the default search paths once `libgd-dev` is installed (.ci/setup).
        // subtle: no `pkgConfig:` here, because gdlib.pc on Debian adds -DAVIF_DLL, which SwiftPM
        // rejects with a warning on every build.
        .systemLibrary(name: "CGD"),
        // zlib, so Plot writes PNGs itself: libgd's writer spends more time choosing row filters
        // than drawing the figure. zlib1g-dev comes with libgd-dev.
        .systemLibrary(name: "CZlib"),
        // FreeType, the font renderer libgd uses too: Plot lays out and rasterises each glyph once
        // per size and keeps it, where libgd's text call hints every glyph again each time.
        .systemLibrary(name: "CFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"]), .brew(["freetype"])]),
        // Reading only regular files under a size limit, and writing through a rename, with errors
        // in plain words: the one way every other module touches files.
        .target(name: "Files"),
        // A strict JSON reader with positions and exact strings, for specs and tokenizer.json.
        .target(name: "JSON"),
        .target(name: "BPE", dependencies: ["JSON", "Files"]),
        .target(name: "MLP", swiftSettings: [.unsafeFlags(["-target-cpu", targetCPU])]),
        .target(name: "Plot", dependencies: ["CGD", "CZlib", "CFreeType", "Files"]),
        .target(name: "Sweep", dependencies: ["JSON", "BPE", "MLP", "Files"]),
        .target(name: "Report", dependencies: ["Sweep", "Plot", "JSON", "Files"]),
        .executableTarget(
            name: "tinylab",
            dependencies: [
                "Files", "BPE", "MLP", "Plot", "Sweep", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FilesTests", dependencies: ["Files"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "BPETests", dependencies: ["BPE"]),
        .testTarget(name: "MLPTests", dependencies: ["MLP"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "CGD"]),
        // Temporary folders removed when a test process exits, for the tests that write sweeps.
        .target(name: "TestFolders", path: "Tests/TestFolders"),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "JSON", "BPE", "MLP", "Files", "TestFolders"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Sweep", "Plot", "Files", "TestFolders"]),
        .testTarget(name: "tinylabTests", dependencies: ["tinylab", "Sweep", "Report", "Files", "TestFolders"]),
    ],
    swiftLanguageModes: [.v6]
)
