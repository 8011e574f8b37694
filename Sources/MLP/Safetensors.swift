// Reading and writing model.safetensors: an 8-byte little-endian header length, a JSON header
// naming each tensor's dtype, shape and byte range (plus string `__metadata__`), then the raw
// little-endian F32 data. Names and layouts are PyTorch's, so `load_state_dict` accepts them.
// Leaves out: dtypes other than F32 (TinyLab writes no others and rejects them on load).

import Foundation

/// A named F32 tensor.
public struct NamedTensor: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// The safetensors file format (huggingface/safetensors), F32 only.
public enum Safetensors {
    /// The metadata key of the digest TinyLab stores: FNV-1a 64 of the tensor data and the other
    /// metadata (`digest(of:metadata:)`), so a file changed after it was written is noticed.
    public static let digestKey = "tinylab_digest"

    /// The bytes of a file holding `tensors` in the given order, with string metadata and a digest
    /// of both under `digestKey`.
    public static func encode(_ tensors: [NamedTensor], metadata: [String: String]) -> Data {
        var payload = Data(capacity: tensors.reduce(0) { $0 + $1.values.count * 4 })
        var header: [String: Any] = [:]
        for t in tensors {
            let start = payload.count
            t.values.withUnsafeBufferPointer { v in
                for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
            }
            header[t.name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [start, payload.count]] as [String: Any]
        }
        var stored = metadata
        stored[digestKey] = digest(of: payload, metadata: metadata)
        header["__metadata__"] = stored
        // The header can always be serialised: it holds only strings, integers and arrays.
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (json.count + 8) % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + payload.count)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        data.append(payload)
        return data
    }

    /// "fnv1a64:..." of the tensor bytes, then each metadata `key=value` line in key order (the
    /// digest itself left out).
    public static func digest<Bytes: Collection<UInt8>>(of payload: Bytes, metadata: [String: String]) -> String {
        var hash = FNV1a64()
        hash.add(payload)
        for key in metadata.keys.sorted() where key != digestKey { hash.add(Array("\(key)=\(metadata[key] ?? "")\n".utf8)) }
        return "fnv1a64:" + String(hash.value, radix: 16)
    }

    /// The tensors (in file order) and metadata of a safetensors file; `path` names it in errors.
    public static func decode(_ data: Data, path: String) throws(MLPError) -> (tensors: [NamedTensor], metadata: [String: String]) {
        func fail(_ problem: String) -> MLPError { .safetensors(path: path, problem: problem) }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw fail("file is \(bytes.count) bytes, shorter than the 8-byte header length") }
        let headerLength = bytes[0 ..< 8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw fail("header length \(headerLength) runs past the end of the \(bytes.count)-byte file")
        }
        let dataStart = 8 + Int(headerLength)
        guard let header = try? JSONSerialization.jsonObject(with: Data(bytes[8 ..< dataStart])) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        if let m = header["__metadata__"] {
            guard let strings = m as? [String: String] else { throw fail("__metadata__ must map strings to strings") }
            metadata = strings
        }
        // Files TinyLab wrote carry a digest; others (written by another tool) are taken as they are.
        if let stored = metadata[digestKey], stored != digest(of: bytes[dataStart...], metadata: metadata) {
            throw fail("its contents do not match the digest stored in it: the file was changed or damaged after it was written")
        }
        var tensors: [(start: Int, tensor: NamedTensor)] = []
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any] else { throw fail("entry \(name) is not an object") }
            guard let dtype = entry["dtype"] as? String, dtype == "F32" else {
                throw fail("tensor \(name) has dtype \(entry["dtype"] ?? "none"); only F32 is supported")
            }
            guard let shape = entry["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }),
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw fail("tensor \(name) needs an integer shape and two data_offsets")
            }
            // subtle: sizes from a hostile header could overflow; none fits a file that large anyway.
            var count = 1
            for n in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow, product <= bytes.count else { throw fail("tensor \(name) of shape \(shape) is larger than the file") }
                count = product
            }
            guard offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] <= bytes.count - dataStart,
                  offsets[1] - offsets[0] == count * 4 else {
                throw fail("tensor \(name) of shape \(shape) has data_offsets \(offsets), which do not fit it or the file")
            }
            let start = dataStart + offsets[0]
            var values = [Float](repeating: 0, count: count)
            for i in 0 ..< count {
                let p = start + 4 * i
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                values[i] = Float(bitPattern: bits)
            }
            tensors.append((start, NamedTensor(name: name, shape: shape, values: values)))
        }
        return (tensors.sorted { $0.start < $1.start }.map(\.tensor), metadata)
    }
}

/// FNV-1a, 64-bit (Fowler, Noll & Vo): a simple hash whose value is the same in every process and
/// on every machine, unlike Swift's `Hasher`, which is seeded per process.
public struct FNV1a64: Sendable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
    }
}

extension Model {
    /// The model's tensors under their PyTorch names.
    public var namedTensors: [NamedTensor] {
        ParameterLayout(shape).tensors(shape).map {
            NamedTensor(name: $0.name, shape: $0.shape, values: Array(parameters[$0.range]))
        }
    }

    /// Rebuilds a model from the tensors of a model.safetensors; `path` names the file in errors.
    public init(tensors: [NamedTensor], path: String) throws(MLPError) {
        func fail(_ problem: String) -> MLPError { .safetensors(path: path, problem: problem) }
        var byName: [String: NamedTensor] = [:]
        for t in tensors { byName[t.name] = t }
        guard let embedding = byName["embedding.weight"], embedding.shape.count == 2,
              let hidden = byName["hidden.weight"], hidden.shape.count == 2 else {
            throw fail("needs 2-D tensors embedding.weight and hidden.weight")
        }
        let (V, E, H, K) = (embedding.shape[0], embedding.shape[1], hidden.shape[0], hidden.shape[1])
        guard E > 0, K % E == 0 else {
            throw fail("hidden.weight has \(K) inputs, not a multiple of the embedding dim \(E)")
        }
        let shape = ModelShape(vocabularySize: V, embeddingDim: E, contextLength: K / E, hiddenSize: H)
        var parameters: [Float] = []
        parameters.reserveCapacity(shape.parameterCount)
        for expected in ParameterLayout(shape).tensors(shape) {
            guard let t = byName[expected.name] else { throw fail("tensor \(expected.name) is missing") }
            guard t.shape == expected.shape else {
                throw fail("tensor \(expected.name) has shape \(t.shape), expected \(expected.shape)")
            }
            parameters += t.values
        }
        try self.init(shape: shape, parameters: parameters)
    }
}
