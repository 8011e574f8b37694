// A JSON Schema (draft 2020-12) validator for the keywords Experiments/spec.schema.json uses, so
// `swift test` checks specs against the schema without Python. A keyword it does not know is an
// error, so the schema cannot quietly start relying on something this file ignores.
// Leaves out remote references, $dynamicRef, formats and unevaluated* keywords.

import Foundation
@testable import JSON
@testable import Sweep

struct SchemaValidator {
    let root: JSONValue

    /// Keywords that only describe (editors show them) and never reject anything.
    static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description", "default", "examples"]

    /// Problems of `instance`, each as "path: what"; empty when it is valid.
    func problems(of instance: JSONValue) -> [String] {
        var out: [String] = []
        check(instance, against: root, at: "$", into: &out)
        return out
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into out: inout [String]) {
        if case .bool(let allowed) = schema.kind {
            if !allowed { out.append("\(path): no value is allowed here") }
            return
        }
        guard case .object(let keywords) = schema.kind else {
            out.append("\(path): schema is neither an object nor a boolean")
            return
        }
        let keyword = Dictionary(keywords.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        for (name, argument) in keyword {
            switch name {
            case _ where Self.annotations.contains(name):
                continue
            case "$ref":
                guard let target = resolve(argument) else {
                    out.append("\(path): unresolvable $ref \(argument.sourceSnippet)")
                    continue
                }
                check(value, against: target, at: path, into: &out)
            case "type":
                let names = strings(argument)
                if !names.contains(where: { hasType(value, $0) }) {
                    out.append("\(path): expected \(names.joined(separator: " or ")), found \(value.kindName)")
                }
            case "enum":
                if !items(argument).contains(where: { same($0, value) }) { out.append("\(path): \(value.sourceSnippet) is not one of \(argument.sourceSnippet)") }
            case "const":
                if !same(argument, value) { out.append("\(path): expected \(argument.sourceSnippet)") }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                guard case .number(let x) = value.kind, let bound = number(argument) else { continue }
                let ok = switch name {
                case "minimum": x.value >= bound
                case "maximum": x.value <= bound
                case "exclusiveMinimum": x.value > bound
                default: x.value < bound
                }
                if !ok { out.append("\(path): \(x.literal) violates \(name) \(bound)") }
            case "minLength", "maxLength":
                guard case .string(let s) = value.kind, let bound = number(argument) else { continue }
                let n = Double(s.unicodeScalars.count)
                if name == "minLength" ? n < bound : n > bound { out.append("\(path): length \(Int(n)) violates \(name) \(Int(bound))") }
            case "pattern":
                guard case .string(let s) = value.kind, case .string(let p) = argument.kind else { continue }
                let regex = try? NSRegularExpression(pattern: p)
                if regex?.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil { out.append("\(path): \"\(s)\" does not match \(p)") }
            case "minItems", "maxItems":
                guard case .array(let elements) = value.kind, let bound = number(argument) else { continue }
                let n = Double(elements.count)
                if name == "minItems" ? n < bound : n > bound { out.append("\(path): \(elements.count) items violate \(name) \(Int(bound))") }
            case "uniqueItems":
                guard case .array(let elements) = value.kind, case .bool(true) = argument.kind else { continue }
                for i in elements.indices where elements[..<i].contains(where: { same($0, elements[i]) }) {
                    out.append("\(path)[\(i)]: repeats an earlier item")
                }
            case "items":
                guard case .array(let elements) = value.kind else { continue }
                for (i, element) in elements.enumerated() { check(element, against: argument, at: "\(path)[\(i)]", into: &out) }
            case "minProperties", "maxProperties":
                guard case .object(let members) = value.kind, let bound = number(argument) else { continue }
                let n = Double(members.count)
                if name == "minProperties" ? n < bound : n > bound { out.append("\(path): \(members.count) keys violate \(name) \(Int(bound))") }
            case "required":
                guard case .object(let members) = value.kind else { continue }
                for key in strings(argument) where !members.contains(where: { $0.key == key }) { out.append("\(path): missing \"\(key)\"") }
            case "properties":
                guard case .object(let members) = value.kind else { continue }
                let schemas = Dictionary(self.members(argument).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
                for member in members {
                    if let sub = schemas[member.key] { check(member.value, against: sub, at: "\(path).\(member.key)", into: &out) }
                }
            case "additionalProperties":
                guard case .object(let members) = value.kind else { continue }
                let known = Set(keyword["properties"].map { self.members($0).map(\.key) } ?? [])
                for member in members where !known.contains(member.key) {
                    if case .bool(false) = argument.kind {
                        out.append("\(path): unknown key \"\(member.key)\"")
                    } else {
                        check(member.value, against: argument, at: "\(path).\(member.key)", into: &out)
                    }
                }
            case "propertyNames":
                guard case .object(let members) = value.kind else { continue }
                for member in members {
                    let name = JSONValue(kind: .string(member.key), position: member.keyPosition)
                    check(name, against: argument, at: "\(path) key \"\(member.key)\"", into: &out)
                }
            case "allOf":
                for sub in items(argument) { check(value, against: sub, at: path, into: &out) }
            case "anyOf", "oneOf":
                let passing = items(argument).filter { sub in
                    var inner: [String] = []
                    check(value, against: sub, at: path, into: &inner)
                    return inner.isEmpty
                }.count
                if passing == 0 || (name == "oneOf" && passing > 1) {
                    out.append("\(path): matches \(passing) of the \(name) alternatives")
                }
            case "not":
                var inner: [String] = []
                check(value, against: argument, at: path, into: &inner)
                if inner.isEmpty { out.append("\(path): matches a schema it must not (\(argument.sourceSnippet))") }
            default:
                out.append("\(path): the test validator does not know the keyword \"\(name)\"")
            }
        }
    }

    /// `#/$defs/name`-style pointers into the root schema.
    private func resolve(_ reference: JSONValue) -> JSONValue? {
        guard case .string(let text) = reference.kind, text.hasPrefix("#") else { return nil }
        var node = root
        for part in text.dropFirst().split(separator: "/") {
            guard let next = members(node).first(where: { $0.key == String(part) })?.value else { return nil }
            node = next
        }
        return node
    }

    private func hasType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value.kind) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number):
            return true
        case ("integer", .number(let n)):
            // 2020-12: any number with a zero fractional part, so 1e3 and 8.0 are integers.
            return n.value.rounded() == n.value
        default:
            return false
        }
    }

    /// Structural equality: numbers by value, objects regardless of key order.
    private func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a.kind, b.kind) {
        case (.number(let x), .number(let y)): return x.value == y.value
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { m in y.contains { $0.key == m.key && same($0.value, m.value) } }
        default: return false
        }
    }

    private func members(_ value: JSONValue) -> [JSONMember] {
        if case .object(let members) = value.kind { return members }
        return []
    }

    private func items(_ value: JSONValue) -> [JSONValue] {
        if case .array(let items) = value.kind { return items }
        return []
    }

    private func strings(_ value: JSONValue) -> [String] {
        switch value.kind {
        case .string(let s): return [s]
        case .array(let items): return items.compactMap { if case .string(let s) = $0.kind { s } else { nil } }
        default: return []
        }
    }

    private func number(_ value: JSONValue) -> Double? {
        if case .number(let n) = value.kind { return n.value }
        return nil
    }
}
