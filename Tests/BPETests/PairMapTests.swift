// Tests of PairMap.swift: the open-addressing map agrees with a Dictionary through growth.
// Speed is not tested here; `tinylab bench` measures it.
@testable import BPE
import Testing

@Test("the pair map stores and finds what a Dictionary does, through several growths")
func pairMapMatchesDictionary() {
    var generator = SplitMix64(seed: 7)
    var map = PairMap()
    var reference: [[Int32]: Int32] = [:]
    for i in 0..<5000 {
        let left = Int32(generator.next() % 300)
        let right = Int32(generator.next() % 300)
        let (value, inserted) = map.value(left, right, insertingIfAbsent: Int32(i))
        if let existing = reference[[left, right]] {
            #expect(!inserted && value == existing)
        } else {
            #expect(inserted && value == Int32(i))
            reference[[left, right]] = Int32(i)
        }
    }
    #expect(map.count == reference.count)
    for left in Int32(0)..<300 {
        for right in [Int32(0), 1, 150, 299, 300] {
            #expect(map.value(left, right) == reference[[left, right]])
        }
    }
    map.withReader { reader in
        for (key, value) in reference.prefix(200) { #expect(reader.value(key[0], key[1]) == value) }
        #expect(reader.value(-1, 5) == nil)
    }
}
