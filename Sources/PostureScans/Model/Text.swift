/// Text helpers for titles and optional fields taken from reports.
extension String {
    /// The first line, trimmed and cut to `limit` characters (with an ellipsis), for titles
    /// taken from descriptions; `nil` when empty. Looks only as far as the first line break
    /// (descriptions run to kilobytes, and this runs once per finding).
    func firstLine(limit: Int = 200) -> String? {
        let bytes = utf8
        let end = bytes.firstIndex { $0 == 0x0A || $0 == 0x0D } ?? bytes.endIndex
        var start = bytes.startIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        var stop = end
        while stop > start {
            let before = bytes.index(before: stop)
            guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
            stop = before
        }
        if start == stop { return nil }
        let line = self[start..<stop]
        if line.utf8.count <= limit || line.count <= limit { return String(line) }
        return String(line.prefix(limit - 1)) + "…"
    }

    /// `nil` for an empty (or all-blank) string.
    var nonEmpty: String? {
        utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? nil : self
    }
}
