// Helpers shared by the Report tests: temporary folders that are removed when the test process
// exits.

import Foundation

/// Every temporary folder of this test process lives under one root, removed at exit.
let temporaryRoot: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-tests-\(getpid())")) }
    return root
}()

/// A fresh temporary directory for one test, removed when the test process exits.
func temporaryDirectory() throws -> URL {
    let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
