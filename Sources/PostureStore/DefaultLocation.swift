import Foundation

/// Where the database lives when `--db` is not given: `POSTURE_DB`, else
/// `/var/lib/posture/posture.db` for root, else `$XDG_DATA_HOME/posture/posture.db`
/// (`~/.local/share/posture/posture.db`).
public enum DefaultLocation {
    public static func databasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["POSTURE_DB"], !explicit.isEmpty { return explicit }
        if geteuid() == 0 { return "/var/lib/posture/posture.db" }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/posture/posture.db" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/posture/posture.db"
    }
}
