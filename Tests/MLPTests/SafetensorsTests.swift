import Foundation
import Testing
@testable import MLP

@Suite struct SafetensorsTests {
    @Test("a model survives encode and decode bit for bit, metadata included")
    func roundTrip() throws {
        let model = try Model(shape: tinyShape, seed: 8)
        let data = Safetensors.encode(model.namedTensors, metadata: ["seed": "8"])
        let (tensors, metadata) = try Safetensors.decode(data, path: "m.safetensors")
        #expect(metadata == ["seed": "8"])
        #expect(tensors.map(\.name) == ["embedding.weight", "hidden.weight", "hidden.bias", "output.weight", "output.bias"])
        #expect(try Model(tensors: tensors, path: "m.safetensors") == model)
    }

    @Test("the layout is the format's: u64 header length, JSON header, 8-byte aligned data")
    func layout() throws {
        let data = Safetensors.encode([NamedTensor(name: "w", shape: [2], values: [1.0, -2.0])], metadata: [:])
        let n = Int(data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        #expect((8 + n) % 8 == 0)
        let header = String(decoding: data[8 ..< 8 + n], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        #expect(header == #"{"w":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#)
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
}
