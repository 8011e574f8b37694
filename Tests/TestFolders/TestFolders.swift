// Temporary folders for the tests of every module: each test process keeps its folders under one
// root, removed when the process exits.

import Foundation

/// Every temporary folder of this test process lives under one root, removed at exit.
private let temporaryRoot: URL = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("tinylab-tests-\(getpid())")) }
    return root
}()

/// A fresh temporary directory for one test, removed when the test process exits.
public func temporaryDirectory() throws -> URL {
    let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
