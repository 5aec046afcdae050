import Foundation
import PostureChecks

/// Inline SVG charts (no scripts): horizontal bars, stacked columns over snapshots, availability
/// strips and the score ring. Every chart is drawn in a fixed viewBox and scales with the page.
enum SVGCharts {
    static let severityColors: [Severity: String] = [
        .critical: "#8e24aa", .high: "#d32f2f", .medium: "#f57c00", .low: "#1976d2", .info: "#78909c",
    ]
    static let vulnerabilityColors: [String: String] = [
        "critical": "#8e24aa", "high": "#d32f2f", "medium": "#f57c00", "low": "#1976d2", "negligible": "#90a4ae",
        "unknown": "#cfd8dc",
    ]

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A ring filled to `score` percent (grey with "n/a" when nil).
    static func scoreRing(_ score: Double?) -> String {
        let r = 30.0
        let circumference = 2 * Double.pi * r
        let filled = circumference * (score ?? 0) / 100
        let color = score.map { $0 >= 90 ? "#2e7d32" : $0 >= 70 ? "#f57c00" : "#d32f2f" } ?? "#b0bec5"
        return """
            <svg viewBox="0 0 76 76" width="76" height="76" role="img" style="width:76px"><title>score \(Score.text(score))</title>\
            <circle cx="38" cy="38" r="\(fmt(r))" fill="none" stroke="#e4e9ef" stroke-width="9"/>\
            <circle cx="38" cy="38" r="\(fmt(r))" fill="none" stroke="\(color)" stroke-width="9" \
            stroke-dasharray="\(fmt(filled)) \(fmt(circumference))" transform="rotate(-90 38 38)"/></svg>
            """
    }

    /// Horizontal bars, one per item, with the value after the bar.
    static func bars(_ items: [(label: String, value: Int, color: String)], title: String) -> String {
        let width = 360.0
        let labelWidth = 70.0
        let row = 22.0
        let maxValue = Double(max(items.map(\.value).max() ?? 0, 1))
        var out = "<svg viewBox=\"0 0 \(Int(width)) \(Int(row * Double(items.count) + 4))\" role=\"img\"><title>\(H.escape(title))</title>"
        for (i, item) in items.enumerated() {
            let y = Double(i) * row + 3
            let w = (width - labelWidth - 40) * Double(item.value) / maxValue
            out += "<text x=\"0\" y=\"\(fmt(y + 13))\">\(H.escape(item.label))</text>"
            out += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 2))\" width=\"\(fmt(max(w, item.value > 0 ? 2 : 0)))\" height=\"14\" rx=\"2\" fill=\"\(item.color)\"/>"
            out += "<text x=\"\(fmt(labelWidth + w + 6))\" y=\"\(fmt(y + 13))\">\(item.value)</text>"
        }
        return out + "</svg>"
    }

    /// Stacked columns, one per point; `series` bottom to top, each with one value per point.
    static func stackedColumns(
        points: [(id: Int64, takenAt: String)], series: [(label: String, color: String, values: [Int])], title: String
    ) -> String {
        let (width, height) = (1000.0, 230.0)
        let (left, right, top, bottom) = (44.0, 10.0, 10.0, 36.0)
        let plotW = width - left - right
        let plotH = height - top - bottom
        let totals = points.indices.map { i in series.reduce(0) { $0 + (i < $1.values.count ? $1.values[i] : 0) } }
        let step = niceStep(totals.max() ?? 0)
        let top_ = Double(max(step * 4, ((totals.max() ?? 0) + step - 1) / step * step, 1))
        var out = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\"><title>\(H.escape(title))</title>"
        var tick = 0
        while Double(tick) <= top_ {
            let y = top + plotH - plotH * Double(tick) / top_
            out += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y))\" y2=\"\(fmt(y))\" stroke=\"#e4e9ef\"/>"
            out += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(tick)</text>"
            tick += step
        }
        let slot = plotW / Double(max(points.count, 1))
        let barWidth = max(min(slot * 0.8, 28), 1)
        for i in points.indices {
            let x = left + slot * Double(i) + (slot - barWidth) / 2
            var base = 0.0
            for s in series {
                let value = Double(i < s.values.count ? s.values[i] : 0)
                guard value > 0 else { continue }
                let h = plotH * value / top_
                let y = top + plotH - plotH * base / top_ - h
                out += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(h))\" fill=\"\(s.color)\">"
                out += "<title>snapshot \(points[i].id): \(Int(value)) \(H.escape(s.label))</title></rect>"
                base += value
            }
        }
        out += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(top + plotH))\" y2=\"\(fmt(top + plotH))\" stroke=\"#9aa5b1\"/>"
        out += xLabels(points: points, left: left, slot: slot, y: height - bottom + 16)
        return out + "</svg>"
    }

    /// One strip per engine over every snapshot of the window: red where unreachable, a dark
    /// marker where the daemon restarted.
    static func availability(engines: [String], snapshotIDs: [Int64], outages: [String: [Int64]], restarts: [String: [Int64]]) -> String {
        let width = 1000.0
        let (left, right) = (10.0, 10.0)
        let row = 40.0
        let height = row * Double(engines.count) + 26
        let plotW = width - left - right
        let position = Dictionary(uniqueKeysWithValues: snapshotIDs.enumerated().map { ($1, $0) })
        let slot = plotW / Double(max(snapshotIDs.count, 1))
        var out = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\"><title>engine availability per snapshot</title>"
        for (r, engine) in engines.enumerated() {
            let y = Double(r) * row
            out += "<text x=\"\(fmt(left))\" y=\"\(fmt(y + 12))\">\(H.escape(engine))</text>"
            out += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y + 18))\" width=\"\(fmt(plotW))\" height=\"12\" rx=\"2\" fill=\"#a5d6a7\"/>"
            for id in outages[engine] ?? [] {
                guard let p = position[id] else { continue }
                out += "<rect x=\"\(fmt(left + slot * Double(p)))\" y=\"\(fmt(y + 18))\" width=\"\(fmt(max(slot, 2)))\" height=\"12\" fill=\"#d32f2f\">"
                out += "<title>snapshot \(id): unreachable</title></rect>"
            }
            for id in restarts[engine] ?? [] {
                guard let p = position[id] else { continue }
                let x = left + slot * (Double(p) + 0.5)
                out += "<path d=\"M\(fmt(x - 5)) \(fmt(y + 15)) L\(fmt(x + 5)) \(fmt(y + 15)) L\(fmt(x)) \(fmt(y + 22)) Z\" fill=\"#263238\">"
                out += "<title>snapshot \(id): daemon restarted</title></path>"
            }
        }
        let points = snapshotIDs.map { (id: $0, takenAt: "") }
        out += xLabels(points: points, left: left, slot: slot, y: height - 4)
        return out + "</svg>"
    }

    /// Labels under the first, middle and last slot: `#12 2026-11-29`.
    private static func xLabels(points: [(id: Int64, takenAt: String)], left: Double, slot: Double, y: Double) -> String {
        guard !points.isEmpty else { return "" }
        var indexes = [0]
        if points.count > 2 { indexes.append(points.count / 2) }
        if points.count > 1 { indexes.append(points.count - 1) }
        return indexes.map { i in
            let x = left + slot * (Double(i) + 0.5)
            let anchor = i == 0 && points.count > 1 ? "start" : i == points.count - 1 && points.count > 1 ? "end" : "middle"
            let ax = anchor == "start" ? x - slot / 2 : anchor == "end" ? x + slot / 2 : x
            let date = points[i].takenAt.prefix(10)
            return "<text x=\"\(fmt(ax))\" y=\"\(fmt(y))\" text-anchor=\"\(anchor)\">#\(points[i].id)\(date.isEmpty ? "" : " " + date)</text>"
        }.joined()
    }

    /// 1, 2, 5 × 10^k so that `maxValue` needs at most about five grid lines.
    static func niceStep(_ maxValue: Int) -> Int {
        guard maxValue > 5 else { return 1 }
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where maxValue / (factor * magnitude) <= 5 { return factor * magnitude }
            magnitude *= 10
        }
    }
}
