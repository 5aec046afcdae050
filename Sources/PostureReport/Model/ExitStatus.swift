import PostureChecks

/// The exit status `posture report` ends with for `--fail-on`: 3 when results at or above the
/// severity exist (a report's alarms; a diff's new alarms only), else 0. Errors (1) and usage
/// errors (64) are the command line's.
public enum ExitStatus {
    public static let findingsAtOrAbove: Int32 = 3

    public static func forReport(_ report: Report, failOn: Severity?) -> Int32 {
        guard let failOn, report.alarms(atOrAbove: failOn) > 0 else { return 0 }
        return findingsAtOrAbove
    }

    public static func forDiff(_ diff: Diff, failOn: Severity?) -> Int32 {
        guard let failOn, diff.newAlarms(atOrAbove: failOn) > 0 else { return 0 }
        return findingsAtOrAbove
    }
}
