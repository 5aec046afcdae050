import Testing

@testable import PostureHost

@Suite struct FlagParserTests {
    @Test func dockerFlagsLastWinsListsJoin() {
        let arguments = [
            "/usr/bin/dockerd", "-H", "unix:///var/run/docker.sock", "--host=tcp://0.0.0.0:2375", "--live-restore",
            "--log-level", "debug", "--log-level=warn", "--icc=false", "--insecure-registry", "a:5000",
            "--insecure-registry=b:5000", "--oom-score-adjust", "-500", "-D", "--log-opt", "max-size=10m",
            "--log-opt", "max-size=20m", "-Hfd://", "--debug=0",
        ]
        let settings = Dictionary(
            uniqueKeysWithValues: DockerDaemonConfig.flagSettings(arguments).map { ($0.key, $0.value) })
        #expect(
            settings == [
                "hosts": "unix:///var/run/docker.sock,tcp://0.0.0.0:2375,fd://", "live-restore": "true",
                "log-level": "warn", "icc": "false", "insecure-registries": "a:5000,b:5000",
                "oom-score-adjust": "-500", "debug": "false", "log-opts.max-size": "20m",
            ])
        #expect(DockerDaemonConfig.flagSettings(arguments).allSatisfy { $0.source == .flag && $0.filePath == nil })
        #expect(DockerDaemonConfig.hosts(arguments) == ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375", "fd://"])
    }

    @Test func booleanFlagNeverSwallowsTheNextFlag() {
        let parsed = DockerDaemonConfig.parser.parse(["dockerd", "--live-restore", "--config-file", "/etc/d.json"])
        #expect(parsed.flags == [.init(name: "live-restore", value: nil), .init(name: "config-file", value: "/etc/d.json")])
        #expect(DockerDaemonConfig.flag("config-file", in: ["dockerd", "--config-file=/a", "--config-file", "/b"]) == "/b")
    }

    @Test func podmanPositionalsAreNotFlagValues() {
        let settings = PodmanDaemonConfig.flagSettings([
            "/usr/bin/podman", "--log-level=info", "--syslog", "--cgroup-manager", "cgroupfs", "system", "service",
            "--time", "0", "unix:///run/podman/podman.sock",
        ])
        #expect(
            settings == [
                .init(key: "log-level", value: "info", source: .flag),
                .init(key: "syslog", value: "true", source: .flag),
                .init(key: "engine.cgroup_manager", value: "cgroupfs", source: .flag),
                .init(key: "time", value: "0", source: .flag),
                .init(key: "listen", value: "unix:///run/podman/podman.sock", source: .flag),
            ])
    }

    @Test func daemonJSONFlattensWithDots() throws {
        let settings = try DockerDaemonConfig.fileSettings(
            #"{"log-opts": {"max-size": "10m"}, "live-restore": true, "hosts": ["unix:///a", "tcp://b"], "shm": 64, "ulimits": {}}"#,
            path: "/etc/docker/daemon.json")
        #expect(settings.map(\.key) == ["hosts", "live-restore", "log-opts.max-size", "shm", "ulimits"])
        #expect(settings.map(\.value) == ["unix:///a,tcp://b", "true", "10m", "64", "{}"])
        #expect(settings.allSatisfy { $0.source == .file && $0.filePath == "/etc/docker/daemon.json" })
        #expect(throws: HostError.self) { try DockerDaemonConfig.fileSettings("{oops", path: "/d.json") }
        #expect(throws: HostError.self) { try DockerDaemonConfig.fileSettings("[1]", path: "/d.json") }
    }

    @Test func flagBeatsFileBeatsDefault() {
        let effective = DaemonSetting.effective([
            [.init(key: "icc", value: "false", source: .flag)],
            [.init(key: "icc", value: "true", source: .file, filePath: "/f"), .init(key: "debug", value: "true", source: .file, filePath: "/f")],
            DockerDaemonConfig.defaultSettings(),
        ])
        #expect(effective.first { $0.key == "icc" }?.source == .flag)
        #expect(effective.first { $0.key == "debug" } == .init(key: "debug", value: "true", source: .file, filePath: "/f"))
        #expect(effective.first { $0.key == "userns-remap" } == .init(key: "userns-remap", value: "", source: .default))
        #expect(effective.map(\.key) == effective.map(\.key).sorted())
    }

    @Test func tomlSectionsArraysAndTablesOfArrays() {
        let settings = TOMLLines.settings(
            """
            unqualified-search-registries = ["docker.io", 'quay.io']  # comment
            [containers]
            default_capabilities = [
              "CHOWN",   # why
              "KILL",
            ]
            label = true
            env = ["A=#notacomment"]
            [[registry]]
            location = "localhost:5000"
            insecure = true
            [[registry]]
            insecure = false
            """)
        #expect(settings.map(\.key) == [
            "unqualified-search-registries", "containers.default_capabilities", "containers.label",
            "containers.env", "registry.localhost:5000.location", "registry.localhost:5000.insecure",
            "registry.2.insecure",
        ])
        #expect(settings.map(\.value) == ["docker.io,quay.io", "CHOWN,KILL", "true", "A=#notacomment", "localhost:5000", "true", "false"])
    }
}
