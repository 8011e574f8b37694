// PNG files written with zlib instead of libgd and libpng: 8-bit RGB, filter type None on every
// row, one IDAT chunk. libpng tries all five row filters on every row, which cost more than
// drawing the figure; on figures (flat areas, thin anti-aliased edges) filtering hardly pays,
// so this takes about a quarter of the time for files 3% larger (Docs/FIGURES.md).
// Leaves out alpha, palettes and ancillary chunks other than pHYs (the resolution of paper sizes).
import CZlib
import Foundation

enum PNGEncoder {
    /// zlib's compression level, 1 (fastest) to 9. Measured on the three per-run figures,
    /// levels 1 to 3 take about the same time; 3 gives the smallest files of those.
    static let compressionLevel: Int32 = 3

    /// Rows deflated per call: enough to keep zlib busy, small enough to stay in cache.
    private static let rowsPerBatch = 16

    /// The PNG file for `height` rows of `width` libgd truecolor pixels (0xAARRGGBB with 7-bit
    /// alpha, ignored); `row(y)` gives row y. With `dotsPerInch`, a pHYs chunk gives the
    /// resolution, so a word processor or LaTeX places the image at its size in inches. Nil when
    /// zlib fails (it only does when out of memory).
    static func encode(width: Int, height: Int, dotsPerInch: Double? = nil, row: (Int) -> UnsafePointer<Int32>) -> Data? {
        guard width >= 1, height >= 1 else { return nil }
        var stream = z_stream()
        guard deflateInit2_(
            &stream, compressionLevel, Z_DEFLATED, 15, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { return nil }
        defer { deflateEnd(&stream) }

        let rowBytes = 1 + 3 * width  // filter byte, then R, G, B per pixel
        let rawBytes = rowBytes * height
        let bound = Int(deflateBound(&stream, uLong(rawBytes)))
        // Signature, then IHDR: size, bit depth 8, colour type 2 (RGB), deflate, filter method 0, no interlace.
        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        header += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])
        if let dotsPerInch, dotsPerInch.isFinite, dotsPerInch > 0 {
            // pHYs: pixels per metre along x and y, unit 1 (the metre); 300 dpi is 11811.
            let perMetre = bigEndian(UInt32(min(Double(UInt32.max), (dotsPerInch / 0.0254).rounded())))
            header += chunk("pHYs", perMetre + perMetre + [1])
        }
        header += [0, 0, 0, 0] + Array("IDAT".utf8)  // length filled in below
        // header, image data, IDAT CRC 4, IEND 12
        let dataStart = header.count
        let capacity = dataStart + bound + 4 + 12
        var batch = [UInt8](repeating: 0, count: rowBytes * rowsPerBatch)  // [rowsPerBatch, rowBytes]
        var failed = false
        let file = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            guard let base = out.baseAddress else {
                failed = true
                return
            }
            header.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: $0.count) }

            stream.next_out = base + dataStart
            stream.avail_out = uInt(bound)
            batch.withUnsafeMutableBufferPointer { batch in
                var y = 0
                while y < height, !failed {
                    let rows = min(rowsPerBatch, height - y)
                    for r in 0..<rows {
                        let source = row(y + r)
                        let target = batch.baseAddress! + r * rowBytes
                        target[0] = 0  // filter type None
                        for x in 0..<width {
                            let p = UInt32(bitPattern: source[x])
                            target[1 + 3 * x] = UInt8(truncatingIfNeeded: p >> 16)
                            target[2 + 3 * x] = UInt8(truncatingIfNeeded: p >> 8)
                            target[3 + 3 * x] = UInt8(truncatingIfNeeded: p)
                        }
                    }
                    y += rows
                    stream.next_in = batch.baseAddress
                    stream.avail_in = uInt(rows * rowBytes)
                    let result = deflate(&stream, y == height ? Z_FINISH : Z_NO_FLUSH)
                    // subtle: the output buffer is deflateBound bytes, so zlib never runs out of room.
                    if result != (y == height ? Z_STREAM_END : Z_OK) || stream.avail_in != 0 { failed = true }
                }
            }
            if failed { return }
            let dataLength = Int(stream.total_out)
            var length = UInt32(dataLength).bigEndian
            withUnsafeBytes(of: &length) { (base + dataStart - 8).update(from: $0.bindMemory(to: UInt8.self).baseAddress!, count: 4) }
            var end = bigEndian(checksum(UnsafeBufferPointer(start: base + dataStart - 4, count: dataLength + 4)))
            end += bigEndian(0) + Array("IEND".utf8) + bigEndian(checksum(Array("IEND".utf8)))
            end.withUnsafeBufferPointer { (base + dataStart + dataLength).update(from: $0.baseAddress!, count: $0.count) }
            count = dataStart + dataLength + end.count
        }
        return failed ? nil : Data(file)
    }

    /// A whole chunk: length, type, data and the CRC of type and data.
    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typed + bigEndian(checksum(typed))
    }

    /// A 32-bit number as four big-endian bytes, as PNG stores lengths and sizes.
    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// The CRC-32 of a chunk's type and data, as PNG requires (zlib computes the same one).
    private static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    private static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        UInt32(crc32(0, bytes.baseAddress, uInt(bytes.count)))
    }
}
