import Foundation

/// The simple subset of TOML that containers.conf and registries.conf use: `[section]`,
/// `[[array.of.tables]]`, `key = value` with strings, numbers, booleans and (possibly
/// multi-line) arrays. Good enough to extract settings, not a general TOML parser.
///
/// Keys are dotted with their section (`engine.cgroup_manager`); an entry of an array of tables
/// is named by its `prefix` or else `location` when it has one (`registry.localhost:5000.insecure`),
/// else by its 1-based position.
enum TOMLLines {
    static func settings(_ text: String) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        var section = ""
        var table: (name: String, entries: [(String, String)])?
        var tableCounts: [String: Int] = [:]
        var pending: (key: String, value: String)?

        func flushTable() {
            guard let current = table else { return }
            tableCounts[current.name, default: 0] += 1
            let named = current.entries.first { $0.0 == "prefix" } ?? current.entries.first { $0.0 == "location" }
            let id = named?.1 ?? String(tableCounts[current.name]!)
            for (key, value) in current.entries { result.append((current.name + "." + id + "." + key, value)) }
            table = nil
        }
        func add(_ key: String, _ raw: String) {
            let value = Self.value(raw)
            if table != nil {
                table!.entries.append((key, value))
            } else {
                result.append((section.isEmpty ? key : section + "." + key, value))
            }
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if var open = pending {
                open.value += " " + line
                if bracketsBalanced(open.value) {
                    add(open.key, open.value)
                    pending = nil
                } else {
                    pending = open
                }
                continue
            }
            if line.isEmpty { continue }
            if line.hasPrefix("[[") && line.hasSuffix("]]") {
                flushTable()
                table = (String(line.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces), [])
                continue
            }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                flushTable()
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = unquote(line[..<equals].trimmingCharacters(in: .whitespaces))
            let raw = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if bracketsBalanced(raw) { add(key, raw) } else { pending = (key, raw) }
        }
        if let open = pending { add(open.key, open.value) }
        flushTable()
        return result
    }

    /// The text of a value: strings unquoted, arrays as their unquoted elements comma separated,
    /// anything else (numbers, booleans, inline tables) as written.
    static func value(_ raw: String) -> String {
        if raw.hasPrefix("[") && raw.hasSuffix("]") {
            return splitTopLevel(String(raw.dropFirst().dropLast()))
                .map { unquote($0.trimmingCharacters(in: .whitespaces)) }
                .filter { !$0.isEmpty }
                .joined(separator: ",")
        }
        return unquote(raw)
    }

    static func unquote(_ text: String) -> String {
        if text.count >= 2 && text.hasPrefix("'") && text.hasSuffix("'") {
            return String(text.dropFirst().dropLast())
        }
        guard text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") else { return text }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The line without a `#` comment that is outside quotes.
    private static func stripComment(_ line: String) -> String {
        var kept = ""
        scan(line) { character, quoted, _ in
            if character == "#" && !quoted { return false }
            kept.append(character)
            return true
        }
        return kept
    }

    private static func bracketsBalanced(_ text: String) -> Bool {
        scan(text) { _, _, _ in true } <= 0
    }

    /// Splits on commas that are outside quotes, brackets and braces.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        scan(text) { character, quoted, depth in
            if character == "," && !quoted && depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
            return true
        }
        parts.append(current)
        return parts
    }

    /// Visits each character with whether it is inside quotes and the bracket depth before it,
    /// until `visit` returns false; returns the depth reached.
    @discardableResult
    private static func scan(_ text: String, _ visit: (Character, _ quoted: Bool, _ depth: Int) -> Bool) -> Int {
        var depth = 0
        var quote: Character?
        for character in text {
            guard visit(character, quote != nil, depth) else { break }
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            }
        }
        return depth
    }
}
