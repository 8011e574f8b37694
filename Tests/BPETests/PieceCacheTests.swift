// Tests of PieceCache.swift: what goes in comes out, and only for the same piece.
// That encoding with the cache gives the reference tokens is tested in EncodingTests.
@testable import BPE
import Testing

@Test("the piece cache returns the tokens stored for the same piece only")
func pieceCache() {
    var cache = PieceCache()
    func look(_ piece: [Int32]) -> [Int32]? {
        piece.withUnsafeBufferPointer { buffer in
            var out: [Int32] = [99]
            return cache.lookUp(buffer, hash: PieceCache.hash(buffer), into: &out) ? Array(out.dropFirst()) : nil
        }
    }
    func store(_ piece: [Int32], _ tokens: [Int32]) {
        piece.withUnsafeBufferPointer { cache.insert($0, hash: PieceCache.hash($0), tokens: tokens[...]) }
    }
    #expect(look([1, 2, 3]) == nil)
    store([1, 2, 3], [7, 3])
    store([3, 2, 1], [3, 8])
    store([1, 2, 3, 4], [])
    #expect(look([1, 2, 3]) == [7, 3])
    #expect(look([3, 2, 1]) == [3, 8])
    #expect(look([1, 2, 3, 4]) == [])
    #expect(look([1, 2]) == nil)
    #expect(look([1, 2, 4]) == nil)
    // Many pieces: each still finds its own tokens.
    for i in Int32(0)..<3000 { store([i, i + 1, i % 7], [i]) }
    #expect((Int32(0)..<3000).allSatisfy { look([$0, $0 + 1, $0 % 7]) == [$0] })
}
