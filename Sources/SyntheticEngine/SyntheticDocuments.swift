/// Renders a ``SyntheticWorld`` as the Docker Engine API (1.41) answers `posture collect`
/// reads: `/version`, `/info`, `/containers/json?all=1`, `/containers/{id}/json`,
/// `/images/json`, `/images/{id}/json`, `/images/{id}/history`, `/images/{id}/get` (in
/// SyntheticImageExport.swift), `/networks` and `/volumes`.
///
/// Documents are shaped after the recording in `Fixtures/engines/docker-20.10-zoo` (same
/// fields, same nesting, similar sizes) with the world's values filled in. Pure: text in, text
/// out.
public struct SyntheticDocuments: Sendable {
    public let world: SyntheticWorld
    let seed: UInt64

    public init(_ world: SyntheticWorld) {
        self.world = world
        seed = world.configuration.seed
    }

    public static let apiVersion = "1.41"
    static let root = "/var/lib/docker"

    public func containerID(_ c: SyntheticWorld.Container) -> String { SyntheticRandom.hexID(seed, 1, UInt64(c.serial)) }
    public func imageID(_ ref: SyntheticWorld.ImageRef) -> String {
        "sha256:" + SyntheticRandom.hexID(seed, 2, UInt64(ref.index), UInt64(ref.generation))
    }
    func networkID(_ index: Int) -> String { SyntheticRandom.hexID(seed, 3, UInt64(index + 8)) }
    func networkName(_ index: Int) -> String { index < 0 ? "bridge" : "net-\(index)" }
    func tag(_ ref: SyntheticWorld.ImageRef) -> String { "synthetic/app-\(ref.index):latest" }
    func isCurrent(_ ref: SyntheticWorld.ImageRef) -> Bool { world.generations[ref.index] == ref.generation }

    public var version: String {
        """
        {"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"20.10.24+dfsg1","Details":{"ApiVersion":"1.41","Arch":"amd64","BuildTime":"2026-05-07T21:09:36.000000000+00:00","Experimental":"false","GitCommit":"5d6db84","GoVersion":"go1.19.8","KernelVersion":"6.1.0-synthetic","MinAPIVersion":"1.12","Os":"linux"}},{"Name":"containerd","Version":"1.6.20~ds1","Details":{"GitCommit":"1.6.20~ds1-1+deb12u3"}},{"Name":"runc","Version":"1.1.5+ds1","Details":{"GitCommit":"1.1.5+ds1-1+deb12u1"}},{"Name":"docker-init","Version":"0.19.0","Details":{"GitCommit":""}}],"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12","GitCommit":"5d6db84","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0-synthetic","BuildTime":"2026-05-07T21:09:36.000000000+00:00"}
        """
    }

    public var info: String {
        let running = world.containers.filter(\.running).count
        return """
            {"ID":"SYNT:HETI:CENG:INE0:\(seed % 10000):0000:0000:0000:0000:0000:0000:0000","Containers":\(world.containers.count),"ContainersRunning":\(running),"ContainersPaused":0,"ContainersStopped":\(world.containers.count - running),"Images":\(world.images.count),"Driver":"overlay2","DriverStatus":[["Backing Filesystem","extfs"],["Supports d_type","true"],["Native Overlay Diff","true"],["userxattr","false"]],"Plugins":{"Volume":["local"],"Network":["bridge","host","ipvlan","macvlan","null","overlay"],"Authorization":null,"Log":["awslogs","fluentd","gcplogs","gelf","journald","json-file","local","logentries","splunk","syslog"]},"MemoryLimit":true,"SwapLimit":true,"KernelMemory":true,"KernelMemoryTCP":true,"CpuCfsPeriod":true,"CpuCfsQuota":true,"CPUShares":true,"CPUSet":true,"PidsLimit":true,"IPv4Forwarding":true,"BridgeNfIptables":true,"BridgeNfIp6tables":true,"Debug":false,"NFd":88,"OomKillDisable":true,"NGoroutines":82,"SystemTime":"2026-11-29T01:39:47.810317031Z","LoggingDriver":"json-file","CgroupDriver":"systemd","CgroupVersion":"2","NEventsListener":0,"KernelVersion":"6.1.0-synthetic","OperatingSystem":"Debian GNU/Linux 12 (bookworm)","OSVersion":"12","OSType":"linux","Architecture":"x86_64","IndexServerAddress":"https://index.docker.io/v1/","RegistryConfig":{"AllowNondistributableArtifactsCIDRs":[],"AllowNondistributableArtifactsHostnames":[],"InsecureRegistryCIDRs":["127.0.0.0/8"],"IndexConfigs":{"docker.io":{"Name":"docker.io","Mirrors":[],"Secure":true,"Official":true}},"Mirrors":[]},"NCPU":2,"MemTotal":25276063744,"GenericResources":null,"DockerRootDir":"\(Self.root)","HttpProxy":"","HttpsProxy":"","NoProxy":"","Name":"synthetic","Labels":[],"ExperimentalBuild":false,"ServerVersion":"20.10.24+dfsg1","Runtimes":{"io.containerd.runc.v2":{"path":"runc"},"runc":{"path":"runc"}},"DefaultRuntime":"runc","Swarm":{"NodeID":"","NodeAddr":"","LocalNodeState":"inactive","ControlAvailable":false,"Error":"","RemoteManagers":null},"LiveRestoreEnabled":false,"Isolation":"","InitBinary":"docker-init","ContainerdCommit":{"ID":"1.6.20~ds1-1+deb12u3","Expected":"1.6.20~ds1-1+deb12u3"},"RuncCommit":{"ID":"1.1.5+ds1-1+deb12u1","Expected":"1.1.5+ds1-1+deb12u1"},"InitCommit":{"ID":"","Expected":""},"SecurityOptions":["name=seccomp,profile=default","name=cgroupns"],"DefaultAddressPools":[{"Base":"10.213.128.0/17","Size":24}],"Warnings":null}
            """
    }

    /// `GET /containers/json?all=1`.
    public var containerList: String {
        "[" + world.containers.map(containerSummary).joined(separator: ",") + "]"
    }

    func containerSummary(_ c: SyntheticWorld.Container) -> String {
        let id = containerID(c)
        let ports = c.publishedPort.map {
            #"[{"IP":"\#(c.publishedOnLoopback ? "127.0.0.1" : "0.0.0.0")","PrivatePort":80,"PublicPort":\#($0),"Type":"tcp"}]"#
        } ?? "[]"
        return """
            {"Id":"\(id)","Names":["/\(json(c.name))"],"Image":"\(tag(c.image))","ImageID":"\(imageID(c.image))","Command":"/app/server --port 80","Created":\(c.created),"Ports":\(ports),"Labels":\(labels(c)),"State":"\(c.running ? "running" : "exited")","Status":"\(c.running ? "Up 3 hours" : "Exited (0) 2 hours ago")","HostConfig":{"NetworkMode":"\(networkName(c.network))"},"NetworkSettings":{"Networks":{"\(networkName(c.network))":\(endpoint(c, id))}},"Mounts":[]}
            """
    }

    func labels(_ c: SyntheticWorld.Container) -> String {
        #"{"com.docker.compose.project":"synthetic","com.docker.compose.service":"\#(json(c.name))","com.docker.compose.version":"2.20.2","org.opencontainers.image.source":"https://example.invalid/app-\#(c.image.index)"}"#
    }

    func endpoint(_ c: SyntheticWorld.Container, _ id: String) -> String {
        let octet = 2 + c.serial % 250
        let subnet = (max(c.network, 0) + c.serial / 250) % 250
        return """
            {"IPAMConfig":null,"Links":null,"Aliases":["\(json(c.name))","\(id.prefix(12))"],"NetworkID":"\(networkID(c.network))","EndpointID":"\(SyntheticRandom.hexID(seed, 4, UInt64(c.serial)))","Gateway":"10.\(subnet).0.1","IPAddress":"10.\(subnet).0.\(octet)","IPPrefixLen":24,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"MacAddress":"02:42:0a:00:00:\(String(octet, radix: 16))","DriverOpts":null}
            """
    }

    /// `GET /containers/{id}/json`.
    public func containerInspect(_ c: SyntheticWorld.Container) -> String {
        let id = containerID(c)
        let dir = "\(Self.root)/containers/\(id)"
        let env = (0..<c.envCount).map { #""APP_SETTING_\#($0)=value-\#(c.serial)-\#($0)""# }
            + (c.secretEnv ? [#""DATABASE_PASSWORD=s3cret-\#(c.serial)""#] : [])
            + [#""PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin""#]
        let binding = c.publishedPort.map {
            #"{"80/tcp":[{"HostIp":"\#(c.publishedOnLoopback ? "127.0.0.1" : "")","HostPort":"\#($0)"}]}"#
        } ?? "{}"
        let ports = c.publishedPort.map {
            #"{"80/tcp":[{"HostIp":"\#(c.publishedOnLoopback ? "127.0.0.1" : "0.0.0.0")","HostPort":"\#($0)"}]}"#
        } ?? "{}"
        let volumeName = "data-\(c.serial)"
        let mounts = c.volume
            ? #"[{"Type":"volume","Name":"\#(volumeName)","Source":"\#(Self.root)/volumes/\#(volumeName)/_data","Destination":"/data","Driver":"local","Mode":"z","RW":true,"Propagation":""}]"#
            : "[]"
        let binds = c.volume ? #"["\#(volumeName):/data"]"# : "null"
        let capAdd = c.capAdd.isEmpty ? "null" : "[" + c.capAdd.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let pid = c.running ? 100_000 + c.serial : 0
        let started = c.running ? "2026-11-29T01:36:10.017728121Z" : "2026-11-29T01:36:10.017728121Z"
        let finished = c.running ? "0001-01-01T00:00:00Z" : "2026-11-29T02:36:10.017728121Z"
        let layer = SyntheticRandom.hexID(seed, 5, UInt64(c.serial))
        let overlay = "\(Self.root)/overlay2/\(layer)"
        return """
            {"Id":"\(id)","Created":"2026-11-29T01:36:07.073714615Z","Path":"/app/server","Args":["--port","80"],"State":{"Status":"\(c.running ? "running" : "exited")","Running":\(c.running),"Paused":false,"Restarting":false,"OOMKilled":false,"Dead":false,"Pid":\(pid),"ExitCode":0,"Error":"","StartedAt":"\(started)","FinishedAt":"\(finished)"},"Image":"\(imageID(c.image))","ResolvConfPath":"\(dir)/resolv.conf","HostnamePath":"\(dir)/hostname","HostsPath":"\(dir)/hosts","LogPath":"\(dir)/\(id)-json.log","Name":"/\(json(c.name))","RestartCount":0,"Driver":"overlay2","Platform":"linux","MountLabel":"","ProcessLabel":"","AppArmorProfile":"docker-default","ExecIDs":null,"HostConfig":{"Binds":\(binds),"ContainerIDFile":"","LogConfig":{"Type":"json-file","Config":{"max-size":"10m"}},"NetworkMode":"\(networkName(c.network))","PortBindings":\(binding),"RestartPolicy":{"Name":"unless-stopped","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"CapAdd":\(capAdd),"CapDrop":null,"CgroupnsMode":"private","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"private","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":\(c.privileged),"PublishAllPorts":false,"ReadonlyRootfs":\(c.readonlyRootfs),"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":67108864,"Runtime":"runc","ConsoleSize":[0,0],"Isolation":"","CpuShares":0,"Memory":\(c.memory ?? 0),"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"KernelMemory":0,"KernelMemoryTCP":0,"MemoryReservation":0,"MemorySwap":\(c.memory.map { $0 * 2 } ?? 0),"MemorySwappiness":null,"OomKillDisable":false,"PidsLimit":\(c.pidsLimit.map(String.init) ?? "null"),"Ulimits":null,"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":\(c.privileged ? "null" : #"["/proc/asound","/proc/acpi","/proc/kcore","/proc/keys","/proc/latency_stats","/proc/timer_list","/proc/timer_stats","/proc/sched_debug","/proc/scsi","/sys/firmware"]"#),"ReadonlyPaths":\(c.privileged ? "null" : #"["/proc/bus","/proc/fs","/proc/irq","/proc/sys","/proc/sysrq-trigger"]"#)},"GraphDriver":{"Data":{"LowerDir":"\(overlay)-init/diff","MergedDir":"\(overlay)/merged","UpperDir":"\(overlay)/diff","WorkDir":"\(overlay)/work"},"Name":"overlay2"},"Mounts":\(mounts),"Config":{"Hostname":"\(id.prefix(12))","Domainname":"","User":"\(c.user)","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":[\(env.joined(separator: ","))],"Cmd":["--port","80"],"Image":"\(tag(c.image))","Volumes":null,"WorkingDir":"/app","Entrypoint":["/app/server"],"OnBuild":null,"Labels":\(labels(c))},"NetworkSettings":{"Bridge":"","SandboxID":"\(layer)","HairpinMode":false,"LinkLocalIPv6Address":"","LinkLocalIPv6PrefixLen":0,"Ports":\(ports),"SandboxKey":"/var/run/docker/netns/\(layer.prefix(12))","SecondaryIPAddresses":null,"SecondaryIPv6Addresses":null,"EndpointID":"","Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","MacAddress":"","Networks":{"\(networkName(c.network))":\(endpoint(c, id))}}}
            """
    }

    /// `GET /images/json`.
    public var imageList: String {
        "[" + world.images.map { ref in
            let tags = isCurrent(ref) ? #"["\#(tag(ref))"]"# : "[]"
            return #"{"Containers":-1,"Created":\#(1_795_000_000 + ref.generation * 3600),"Id":"\#(imageID(ref))","Labels":null,"ParentId":"","RepoDigests":[],"RepoTags":\#(tags),"SharedSize":-1,"Size":\#(imageSize(ref)),"VirtualSize":\#(imageSize(ref))}"#
        }.joined(separator: ",") + "]"
    }

    func imageSize(_ ref: SyntheticWorld.ImageRef) -> Int { 5_000_000 + ref.index * 131_071 + ref.generation * 4096 }

    /// `GET /images/{id}/json`.
    public func imageInspect(_ ref: SyntheticWorld.ImageRef) -> String {
        let id = imageID(ref)
        let tags = isCurrent(ref) ? #"["\#(tag(ref))"]"# : "[]"
        let layers = diffIDs(ref).map { "\"\($0)\"" }
        let overlay = "\(Self.root)/overlay2/\(SyntheticRandom.hexID(seed, 7, UInt64(ref.index), UInt64(ref.generation)))"
        let config = imageConfig(ref)
        return """
            {"Id":"\(id)","RepoTags":\(tags),"RepoDigests":[],"Parent":"","Comment":"buildkit.dockerfile.v0","Created":"\(imageCreated(ref))","Container":"","ContainerConfig":\(config),"DockerVersion":"","Author":"","Config":\(config),"Architecture":"amd64","Os":"linux","Size":\(imageSize(ref)),"VirtualSize":\(imageSize(ref)),"GraphDriver":{"Data":{"MergedDir":"\(overlay)/merged","UpperDir":"\(overlay)/diff","WorkDir":"\(overlay)/work"},"Name":"overlay2"},"RootFS":{"Type":"layers","Layers":[\(layers.joined(separator: ","))]},"Metadata":{"LastTagTime":"0001-01-01T00:00:00Z"}}
            """
    }

    /// The image's `Config` (in the inspect, and in the config blob of its export).
    func imageConfig(_ ref: SyntheticWorld.ImageRef) -> String {
        #"{"Hostname":"","Domainname":"","User":"\#(ref.index % 3 == 0 ? "" : "app")","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"ExposedPorts":{"80/tcp":{}},"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","APP_VERSION=\#(ref.generation)"],"Cmd":["--port","80"],"Image":"","Volumes":null,"WorkingDir":"/app","Entrypoint":["/app/server"],"OnBuild":null,"Labels":{"org.opencontainers.image.source":"https://example.invalid/app-\#(ref.index)"}}"#
    }

    func imageCreated(_ ref: SyntheticWorld.ImageRef) -> String { "2026-11-2\(ref.generation % 9)T01:36:05.572384981Z" }

    /// `GET /images/{id}/history` (newest first, as the engine answers).
    public func imageHistory(_ ref: SyntheticWorld.ImageRef) -> String {
        let created = 1_795_000_000 + ref.generation * 3600
        let steps: [(String, Int)] = [
            ("ENTRYPOINT [\\\"/app/server\\\"]", 0),
            ("COPY server /app/server # buildkit", 2_000_000 + ref.index * 1000),
            ("RUN /bin/sh -c apt-get update && apt-get install -y ca-certificates # buildkit", 1_500_000),
            ("/bin/sh -c #(nop) ADD file:synthetic in / ", 1_500_000 + ref.generation * 4096),
        ]
        return "[" + steps.enumerated().map { i, s in
            let idText = i == 0 ? imageID(ref) : "<missing>"
            let tags = i == 0 && isCurrent(ref) ? #"["\#(tag(ref))"]"# : "null"
            return #"{"Comment":"","Created":\#(created - i),"CreatedBy":"\#(s.0)","Id":"\#(idText)","Size":\#(s.1),"Tags":\#(tags)}"#
        }.joined(separator: ",") + "]"
    }

    /// `GET /networks`: the three built-in networks and the K user networks.
    public var networkList: String {
        var items: [String] = []
        for (name, driver) in [("bridge", "bridge"), ("host", "host"), ("none", "null")] {
            let id = SyntheticRandom.hexID(seed, 3, UInt64(["bridge", "host", "none"].firstIndex(of: name)!))
            let ipam = name == "bridge" ? #"[{"Subnet":"10.213.77.0/24","Gateway":"10.213.77.1"}]"# : "[]"
            items.append(#"{"Name":"\#(name)","Id":"\#(id)","Created":"2026-11-29T01:36:03.221534345Z","Scope":"local","Driver":"\#(driver)","EnableIPv6":false,"IPAM":{"Driver":"default","Options":null,"Config":\#(ipam)},"Internal":false,"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{},"Labels":{}}"#)
        }
        for index in 0..<world.configuration.networks {
            items.append(#"{"Name":"\#(networkName(index))","Id":"\#(networkID(index))","Created":"2026-11-29T01:36:06.356990601Z","Scope":"local","Driver":"bridge","EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"10.\#(index % 250).0.0/24","Gateway":"10.\#(index % 250).0.1"}]},"Internal":\#(index % 10 == 9),"Attachable":false,"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":{},"Options":{},"Labels":{"com.docker.compose.network":"net-\#(index)"}}"#)
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    /// `GET /volumes`: one named volume per container that mounts one.
    public var volumeList: String {
        let volumes = world.containers.filter(\.volume).map { c in
            #"{"CreatedAt":"2026-11-29T01:36:06Z","Driver":"local","Labels":{"com.docker.compose.project":"synthetic"},"Mountpoint":"\#(Self.root)/volumes/data-\#(c.serial)/_data","Name":"data-\#(c.serial)","Options":null,"Scope":"local"}"#
        }
        return #"{"Volumes":["# + volumes.joined(separator: ",") + #"],"Warnings":null}"#
    }

    /// Escapes text for a JSON string literal.
    func json(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
