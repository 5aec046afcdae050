/// Output formats of `posture report` and `posture report --diff`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, markdown, json, csv, html, sarif, junit

    /// Renders a report; the text ends with a newline.
    public func render(_ report: Report, options: RenderOptions) -> String {
        switch self {
        case .text: return TextReport(report: report, style: TextStyle(color: options.color)).render()
        case .markdown: return MarkdownReport(report: report).render()
        case .json: return String(decoding: JSONReport.bytes(report, options: options), as: UTF8.self)
        case .csv: return CSVReport.render(report)
        case .html: return HTMLReport(report: report, options: options).render()
        case .sarif: return SARIFRenderer(options: options).render(report)
        case .junit: return JUnitRenderer.render(report)
        }
    }

    /// ``render(_:options:)-(Report,_)`` as UTF-8 bytes: JSON is written as bytes, and a large
    /// host's JSON report is tens of megabytes, so it is not copied into a String first.
    public func renderedBytes(_ report: Report, options: RenderOptions) -> [UInt8] {
        self == .json ? JSONReport.bytes(report, options: options) : Array(render(report, options: options).utf8)
    }

    /// The diff's rendering as UTF-8 bytes (see ``renderedBytes(_:options:)-(Report,_)``).
    public func renderedBytes(_ diff: Diff, options: RenderOptions) -> [UInt8] {
        self == .json ? JSONDiff.bytes(diff, options: options) : Array(render(diff, options: options).utf8)
    }

    /// Renders a diff; SARIF and JUnit hold its new alarms only.
    public func render(_ diff: Diff, options: RenderOptions) -> String {
        switch self {
        case .text: return TextDiff(diff: diff, style: TextStyle(color: options.color)).render()
        case .markdown: return MarkdownDiff(diff: diff).render()
        case .json: return String(decoding: JSONDiff.bytes(diff, options: options), as: UTF8.self)
        case .csv: return CSVDiff.render(diff)
        case .html: return HTMLDiff(diff: diff, options: options).render()
        case .sarif: return SARIFRenderer(options: options).render(diff)
        case .junit: return JUnitRenderer.render(diff)
        }
    }

}

/// How to render: colours (text only) and the posture version to name in machine formats.
public struct RenderOptions: Sendable {
    public var color: Bool
    public var toolVersion: String

    public init(color: Bool = false, toolVersion: String) {
        self.color = color
        self.toolVersion = toolVersion
    }
}
