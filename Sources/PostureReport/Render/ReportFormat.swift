/// Output formats of `posture report` and `posture report --diff`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, markdown, json, csv, html, sarif, junit

    /// Renders a report; the text ends with a newline.
    public func render(_ report: Report, options: RenderOptions) -> String {
        switch self {
        case .text: return TextReport(report: report, style: TextStyle(color: options.color)).render()
        case .markdown: return MarkdownReport(report: report).render()
        case .json: return JSONReport.value(report, options: options).rendered()
        case .csv: return CSVReport.render(report)
        case .html: return HTMLReport(report: report, options: options).render()
        case .sarif: return SARIFRenderer(options: options).render(report)
        case .junit: return JUnitRenderer.render(report)
        }
    }

    /// Renders a diff; SARIF and JUnit hold its new alarms only.
    public func render(_ diff: Diff, options: RenderOptions) -> String {
        switch self {
        case .text: return TextDiff(diff: diff, style: TextStyle(color: options.color)).render()
        case .markdown: return MarkdownDiff(diff: diff).render()
        case .json: return JSONDiff.value(diff, options: options).rendered()
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
