import Foundation
import GRDB
import PostureChecks
import PostureStore
import Testing

/// Every scenario under Fixtures/checks is collected into a fresh database with the checks
/// evaluated in the collect transaction; the stored findings must equal the scenario's
/// `expected` file (`check_id resource status` per line). Set POSTURE_UPDATE_EXPECTED=1 to
/// rewrite the expected files, then review the diff; set POSTURE_KEEP_DB=<folder> to keep
/// each scenario's database there (<scenario>.db) for sqlite3.
@Suite struct ScenarioTests {
    @Test(arguments: Scenario.all)
    func findingsMatchExpected(_ name: String) throws {
        let scenario = try Scenario.load(name)
        let db = try TestDatabase()
        try db.collect(scenario, runner: CheckRunner(catalog: catalog))
        let actual = try db.findingLines()
        if let keep = ProcessInfo.processInfo.environment["POSTURE_KEEP_DB"] {
            let copy = URL(fileURLWithPath: keep).appendingPathComponent("\(name).db")
            try? FileManager.default.removeItem(at: copy)
            try DatabaseQueue(path: db.path).backup(to: DatabaseQueue(path: copy.path))
        }

        if ProcessInfo.processInfo.environment["POSTURE_UPDATE_EXPECTED"] == "1" {
            let header = "# check_id resource status — written by POSTURE_UPDATE_EXPECTED=1 swift test; review before committing\n"
            try (header + actual.joined(separator: "\n") + "\n").write(to: scenario.expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: scenario.expectedURL, encoding: .utf8)
            .split(separator: "\n").map(String.init)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let missing = Set(expected).subtracting(actual).sorted()
        let unexpected = Set(actual).subtracting(expected).sorted()
        #expect(missing.isEmpty && unexpected.isEmpty,
                "\(name): expected but not found:\n\(missing.joined(separator: "\n"))\nfound but not expected:\n\(unexpected.joined(separator: "\n"))")
        #expect(!actual.contains { $0.hasSuffix(" error") }, "\(name): a check failed")
    }

    @Test func badZooAlarmsForEveryContainerCheck() throws {
        let db = try TestDatabase()
        try db.collect(try Scenario.load("bad-zoo"), runner: CheckRunner(catalog: catalog))
        let findings = try db.findings()
        for check in catalog.checks(in: .container) {
            #expect(findings.contains { $0.key.hasPrefix(check.id + " ") && $0.value.status == "alarm" },
                    "\(check.id) never alarms in bad-zoo")
        }
    }

    /// Checks that grade their rows store the row's severity, and reasons name the specifics.
    @Test func badZooGradesRowsAndExplainsThem() throws {
        let db = try TestDatabase()
        try db.collect(try Scenario.load("bad-zoo"), runner: CheckRunner(catalog: catalog))
        let findings = try db.findings()
        let e1 = "unix:///var/run/docker.sock", e2 = "tcp://10.0.0.5:2376", e3 = "unix:///run/user/1000/podman/podman.sock"
        let e4 = "unix:///run/user/1000/docker.sock"
        let nginx = "sha256:1111111111111111111111111111111111111111111111111111111111111111"
        let postgres = "sha256:5555555555555555555555555555555555555555555555555555555555555555"
        let graded: [(String, String, String)] = [
            ("ctr-sensitive-host-mount", "\(e1)/containers/priv", "critical"),  // / read-write
            ("ctr-sensitive-host-mount", "\(e1)/containers/etcro", "medium"),   // /etc read-only, via a volume
            ("ctr-dangerous-caps", "\(e1)/containers/capall", "critical"),      // ALL
            ("ctr-dangerous-caps", "\(e1)/containers/etcro", "high"),           // SYS_ADMIN
            ("ctr-dangerous-caps", "\(e3)/containers/pod-unconfined", "medium"),  // NET_RAW is not Podman default
            ("ctr-runs-as-root", "\(e1)/containers/etcro", "high"),             // 0:0 on a rootful engine
            ("ctr-runs-as-root", "\(e2)/containers/remapped", "medium"),        // remapped
            ("ctr-runs-as-root", "\(e2)/containers/userns-host", "high"),       // opted out of the remap
            ("ctr-runs-as-root", "\(e1)/containers/backend", "medium"),         // root group only
            ("res-memory", "\(e1)/containers/priv", "high"),                    // OOM killer off too
            ("net-sensitive-service-exposed", "\(e1)/containers/etcro", "critical"),  // Docker API port
            ("net-lateral-exposure", "\(e1)/containers/backend", "high"),       // postgres behind capall
            ("daemon-api-tcp", e1, "critical"),
            ("daemon-api-tcp", e2, "high"),
            ("daemon-runtime-versions", e1, "critical"),
            ("daemon-runtime-versions", e2, "high"),
            ("daemon-userns-off", e1, "high"),
            ("host-runtime-socket-perms", "\(e1)/sockets/var/run/docker.sock", "critical"),  // 0666 on a rootful engine
            ("host-docker-group-root-equiv", "\(e1)/access/*", "critical"),   // world access
            ("host-docker-group-root-equiv", "\(e1)/access/bob", "high"),
            ("vuln-fixable", "\(e1)/images/\(nginx)", "high"),                // a fixable critical
            ("vuln-fixable", "\(e1)/images/\(postgres)", "medium"),           // a fixable high only
            ("vuln-scan-coverage", "\(e1)/images/sha256:2222222222222222222222222222222222222222222222222222222222222222", "medium"),  // never scanned
            ("vuln-scan-coverage", "\(e1)/images/\(postgres)", "low"),        // scanned 50 days before
        ]
        for (check, resource, severity) in graded {
            let finding = try #require(findings["\(check) \(resource)"], "\(check) \(resource)")
            #expect(finding.status == "alarm" && finding.severity == severity, "\(check) \(resource): \(finding)")
        }
        let reasons: [(String, String, String)] = [
            ("daemon-live-restore-off", e1, "stops all 6 running containers"),
            ("res-memory", "\(e1)/containers/sock", "memory limit 0 (unlimited): it can take the memory of every other container"),
            ("net-port-all-interfaces", "\(e1)/containers/etcro", "*:2375->2375/tcp, [::]:6379->6379/tcp"),
            ("net-port-all-interfaces", "\(e2)/containers/userns-host", "binds only specific addresses: 127.0.0.1:8081->80/tcp"),
            ("ctr-restart-policy", "\(e1)/containers/priv", "restart policy always"),
            ("ctr-no-new-privs", "\(e2)/containers/remapped", "inherits the daemon default"),
            ("img-superseded", "\(e1)/containers/sock", "app:latest now names sha256:333333333333"),
            ("daemon-insecure-registry", e1, "insecure registries: 10.0.0.0/8, registry.local:5000"),
            ("daemon-config-drift", e1, "live-restore is true in /etc/docker/daemon.json, but the daemon reports it off"),
            ("daemon-tcp-host-config", e1, "fd://,tcp://0.0.0.0:2375 include TCP without TLS"),
            ("host-docker-group-root-equiv", "\(e1)/access/bob", "member of group docker, primary group docker"),
            ("ctr-enforced-security-drift", "\(e1)/containers/sock", "full capability set (41 capabilities"),
            ("ctr-enforced-security-drift", "\(e4)/containers/rootless-hooked",
             "cap-drop ALL configured, but pid 1 holds AUDIT_WRITE, CHOWN"),
            ("ctr-enforced-security-drift", "\(e4)/containers/rootless-hooked", "NoNewPrivs 0"),
            ("ctr-enforced-security-drift", "\(e4)/containers/rootless-hooked", "runs without a filter (Seccomp 0)"),
            ("res-pids-not-enforced", "\(e1)/containers/capall", "has no pids.max"),
            ("res-memory-not-enforced", "\(e4)/containers/rootless-web", "configured memory limit 256 MiB"),
            ("res-cpu-not-enforced", "\(e1)/containers/capall", "quota 25000 us per 100000 us"),
            ("vuln-exposed-critical", "\(e1)/containers/capall", "publishes *:8080->80/tcp on all interfaces"),
            ("vuln-exposed-critical", "\(e1)/containers/hostnet", "uses the host network"),
            ("vuln-scan-coverage", "\(e3)/images/sha256:7777777777777777777777777777777777777777777777777777777777777777",
             "snyk report first recorded 2026-03-01"),
        ]
        for (check, resource, text) in reasons {
            let reason = findings["\(check) \(resource)"]?.reason ?? "(missing)"
            #expect(reason.contains(text), "\(check) \(resource): \(reason)")
        }
    }

    @Test func hardenedRaisesNoAlarm() throws {
        let db = try TestDatabase()
        try db.collect(try Scenario.load("hardened"), runner: CheckRunner(catalog: catalog))
        let alarms = try db.findings().filter { $0.value.status == "alarm" || $0.value.status == "error" }
        #expect(alarms.isEmpty, "hardened alarms: \(alarms.map { "\($0.key): \($0.value.reason)" }.sorted())")
    }
}
