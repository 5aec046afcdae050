/// Splits a daemon's command line into flags and positional arguments the way Go's pflag
/// reads them: `--flag=value`, `--flag value`, `-H value`, `-Hvalue`, `-H=value`, and bare
/// boolean flags (`--live-restore`).
struct FlagParser: Sendable {
    struct Occurrence: Sendable, Equatable {
        let name: String
        /// `nil` for a bare boolean flag.
        let value: String?
    }

    /// Flags that never take the next argument as their value.
    var booleans: Set<String> = []
    /// Flags that always take the next argument, even when it starts with `-` (`--oom-score-adjust -500`).
    var valued: Set<String> = []
    /// Single-letter flags and their long names (`H` → `host`).
    var shortNames: [Character: String] = [:]
    /// Whether a flag in neither set takes the next argument when it does not start with `-`
    /// (right for dockerd, which has no positional arguments; wrong for podman).
    var unknownTakesValue = true

    /// Flags and positional arguments in command-line order; `arguments[0]`, the program, is skipped.
    func parse(_ arguments: [String]) -> (flags: [Occurrence], positionals: [String]) {
        var flags: [Occurrence] = []
        var positionals: [String] = []
        var i = 1
        func takesNext(_ name: String) -> Bool {
            guard i + 1 < arguments.count, !booleans.contains(name) else { return false }
            return valued.contains(name) || (unknownTakesValue && !arguments[i + 1].hasPrefix("-"))
        }
        while i < arguments.count {
            let argument = arguments[i]
            if argument == "--" {
                positionals += arguments[(i + 1)...]
                break
            }
            if argument.hasPrefix("--") || (argument.hasPrefix("-") && argument.count > 1) {
                let long = argument.hasPrefix("--")
                var body = Substring(argument.dropFirst(long ? 2 : 1))
                var name: String
                var value: String?
                if !long {
                    let letter = body.removeFirst()
                    name = shortNames[letter] ?? String(letter)
                    if body.hasPrefix("=") { body.removeFirst() }
                    if !body.isEmpty { value = String(body) }
                } else if let equals = body.firstIndex(of: "=") {
                    name = String(body[..<equals])
                    value = String(body[body.index(after: equals)...])
                } else {
                    name = String(body)
                }
                if value == nil && takesNext(name) {
                    value = arguments[i + 1]
                    i += 1
                }
                flags.append(Occurrence(name: name, value: value))
            } else {
                positionals.append(argument)
            }
            i += 1
        }
        return (flags, positionals)
    }

    /// One value per flag: the last occurrence wins, except that the occurrences of a flag in
    /// `lists` are joined with commas in order. A bare boolean flag reads `true`; boolean values
    /// are normalised to `true`/`false` as Go's `strconv.ParseBool` reads them.
    func lastWins(_ flags: [Occurrence], lists: Set<String> = []) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: String] = [:]
        for flag in flags {
            var value = flag.value ?? "true"
            if booleans.contains(flag.name) { value = Self.normalisedBool(value) }
            if values[flag.name] == nil { order.append(flag.name) }
            if lists.contains(flag.name), let earlier = values[flag.name] {
                values[flag.name] = earlier + "," + value
            } else {
                values[flag.name] = value
            }
        }
        return order.map { ($0, values[$0]!) }
    }

    static func normalisedBool(_ text: String) -> String {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return "true"
        case "0", "f", "F", "false", "FALSE", "False": return "false"
        default: return text
        }
    }
}
