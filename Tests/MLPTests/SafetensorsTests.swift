import Foundation
import Testing
@testable import MLP

@Suite struct SafetensorsTests {
    @Test("a model survives encode and decode bit for bit, metadata included")
    func roundTrip() throws {
        let model = try Model(shape: tinyShape, seed: 8)
        let data = Safetensors.encode(model.namedTensors, metadata: ["seed": "8"])
        let (tensors, metadata) = try Safetensors.decode(data, path: "m.safetensors")
        #expect(metadata["seed"] == "8" && metadata.count == 2)
        #expect(metadata[Safetensors.digestKey]?.hasPrefix("fnv1a64:") == true)
        #expect(tensors.map(\.name) == ["embedding.weight", "hidden.weight", "hidden.bias", "output.weight", "output.bias"])
        #expect(try Model(tensors: tensors, path: "m.safetensors") == model)
    }

    @Test("the layout is the format's: u64 header length, JSON header, 8-byte aligned data")
    func layout() throws {
        let data = Safetensors.encode([NamedTensor(name: "w", shape: [2], values: [1.0, -2.0])], metadata: [:])
        let n = Int(data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        #expect((8 + n) % 8 == 0)
        let header = String(decoding: data[8 ..< 8 + n], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let digest = Safetensors.digest(of: [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0], metadata: [:])
        #expect(header == #"{"__metadata__":{"tinylab_digest":""# + digest + #""},"w":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#)
        // 1.0 = 0x3F800000 and -2.0 = 0xC0000000, little-endian.
        #expect(Array(data.suffix(8)) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0])
    }

    @Test("broken files give errors that name the file and the problem")
    func errors() throws {
        let good = Safetensors.encode(try Model(shape: tinyShape, seed: 8).namedTensors, metadata: [:])
        #expect(throws: MLPError.safetensors(path: "x", problem: "file is 3 bytes, shorter than the 8-byte header length")) {
            try Safetensors.decode(Data([1, 2, 3]), path: "x")
        }
        #expect(throws: MLPError.self) { try Safetensors.decode(good.prefix(good.count - 4), path: "x") }
        let (tensors, _) = try Safetensors.decode(good, path: "x")
        #expect(throws: MLPError.safetensors(path: "x", problem: "tensor output.bias is missing")) {
            try Model(tensors: tensors.filter { $0.name != "output.bias" }, path: "x")
        }
    }

    @Test("a file changed after it was written fails its digest; a file without one (another tool's) is taken as it is")
    func digest() throws {
        let good = Safetensors.encode(try Model(shape: tinyShape, seed: 8).namedTensors, metadata: ["seed": "8"])
        var damaged = good
        damaged[damaged.count - 7] ^= 0x10
        #expect(throws: MLPError.safetensors(path: "x", problem: "its contents do not match the digest stored in it: the file was changed or damaged after it was written")) {
            try Safetensors.decode(damaged, path: "x")
        }
        // The same tensors written without metadata, as the safetensors library would: no digest to check.
        let header = Data(#"{"w":{"data_offsets":[0,4],"dtype":"F32","shape":[1]}}"#.utf8)
        var plain = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { plain.append(contentsOf: $0) }
        plain.append(header)
        plain.append(contentsOf: [0, 0, 0x80, 0x3F])
        #expect(try Safetensors.decode(plain, path: "x").tensors == [NamedTensor(name: "w", shape: [1], values: [1])])
    }

    @Test("shapes that would overflow or outgrow the file are refused, not multiplied", arguments: [
        #"{"w":{"data_offsets":[0,4],"dtype":"F32","shape":[4294967296,4294967296]}}"#,
        #"{"w":{"data_offsets":[0,9223372036854775800],"dtype":"F32","shape":[1]}}"#,
        #"{"w":{"data_offsets":[-8,4],"dtype":"F32","shape":[1]}}"#,
    ])
    func hostileShapes(header: String) {
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(header.utf8))
        data.append(contentsOf: [0, 0, 0x80, 0x3F])
        #expect(throws: MLPError.self) { try Safetensors.decode(data, path: "x") }
    }
}
