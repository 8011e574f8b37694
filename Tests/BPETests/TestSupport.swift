// Helpers shared by the BPE tests: a seeded generator, random texts, scalar conversion and a
// private temporary directory per test. Test support only.
import Foundation

/// SplitMix64: a small seeded generator, so every random test is reproducible from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random text of `length` characters drawn from `letters`.
func randomText(_ letters: [Character], length: Int, using generator: inout SplitMix64) -> String {
    String((0..<length).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })
}

/// The scalar values of a string.
func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

/// A new empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bpe-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
