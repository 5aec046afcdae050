/// `GET /images/{id}/get`: an image export as `docker save` (before 25.0) writes it by image ID,
/// in the docker-archive layout: `<layer>/` and `<layer>/layer.tar` per layer, the config
/// `<image id>.json`, and `manifest.json` last (entries in name order, as `docker save` walks
/// its folder), with `"RepoTags":null` since an export by ID names no tag. An image's export is
/// therefore fixed for its ID (a few KB), whichever tags it holds later.
///
/// The layers hold a small filesystem that varies with the image index, so image checks see
/// variety: index % 10 in 0…4 is a Debian image (bash, dash and `sh -> dash`, apt-get, dpkg and
/// its status file), 5…7 an Alpine one (`sh -> /bin/busybox`, apk and its database), 8…9 a
/// "distroless" one (no os-release, shell or package manager, one layer). Debian and Alpine
/// images add an app layer on top; in it, index % 10 == 4 removes apt-get and dpkg (whiteouts),
/// index % 7 == 3 adds a setuid `usr/bin/sudo`. Every image has `etc/passwd` and `etc/group`
/// (root and `app`, uid 1000) and `app/server`; index % 6 == 1 adds a setuid
/// `app/bin/helper` and index % 11 == 5 an `app/.env`.
extension SyntheticDocuments {
    enum Flavour: Equatable { case debian, alpine, distroless }

    func flavour(_ ref: SyntheticWorld.ImageRef) -> Flavour {
        switch ref.index % 10 {
        case 0...4: .debian
        case 5...7: .alpine
        default: .distroless
        }
    }

    /// Layers of the image: one for a distroless image, a base and an app layer otherwise.
    func layerCount(_ ref: SyntheticWorld.ImageRef) -> Int { flavour(ref) == .distroless ? 1 : 2 }

    /// `RootFS.Layers` of the inspect and `rootfs.diff_ids` of the config, bottom to top.
    func diffIDs(_ ref: SyntheticWorld.ImageRef) -> [String] {
        (0..<layerCount(ref)).map { "sha256:" + SyntheticRandom.hexID(seed, 6, UInt64(ref.index), UInt64(ref.generation), UInt64($0)) }
    }

    /// `GET /images/{id}/get`.
    public func imageExport(_ ref: SyntheticWorld.ImageRef) -> [UInt8] {
        let modified = 1_795_000_000 + ref.generation * 3600
        let layers = layerTars(ref, modified: modified).enumerated().map { i, tar in
            (folder: SyntheticRandom.hexID(seed, 8, UInt64(ref.index), UInt64(ref.generation), UInt64(i)), tar: tar)
        }
        let configName = imageID(ref).dropFirst("sha256:".count) + ".json"
        let manifest = #"[{"Config":"\#(configName)","RepoTags":null,"Layers":[\#(layers.map { #""\#($0.folder)/layer.tar""# }.joined(separator: ","))]}]"#
        var entries: [(name: String, content: [UInt8]?)] = [
            (String(configName), Array(imageConfigFile(ref).utf8)), ("manifest.json", Array(manifest.utf8)),
        ]
        for layer in layers {
            entries.append((layer.folder + "/", nil))
            entries.append((layer.folder + "/layer.tar", layer.tar))
        }
        var archive = SyntheticArchive(modified: modified)
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            if let content = entry.content { archive.file(entry.name, content) } else { archive.directory(entry.name) }
        }
        return archive.finished()
    }

    /// The config blob: the inspect's `Config` with the rootfs and history of the layers.
    func imageConfigFile(_ ref: SyntheticWorld.ImageRef) -> String {
        let steps = ["ADD file:synthetic in / ", "COPY server /app/server # buildkit"].prefix(layerCount(ref))
        let history = steps.map { #"{"created":"\#(imageCreated(ref))","created_by":"/bin/sh -c #(nop) \#($0)"}"# }
        let diffs = diffIDs(ref).map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"architecture":"amd64","config":\#(imageConfig(ref)),"created":"\#(imageCreated(ref))","history":[\#(history.joined(separator: ","))],"os":"linux","rootfs":{"type":"layers","diff_ids":[\#(diffs)]}}"#
    }

    func layerTars(_ ref: SyntheticWorld.ImageRef, modified: Int) -> [[UInt8]] {
        var base = SyntheticArchive(modified: modified)
        let flavour = flavour(ref)
        switch flavour {
        case .debian:
            base.directory("bin")
            base.file("bin/bash", binary("bash"), mode: 0o755)
            base.file("bin/dash", binary("dash"), mode: 0o755)
            base.symlink("bin/sh", to: "dash")
            base.directory("etc")
            base.file("etc/group", "root:x:0:\ndaemon:x:1:\napp:x:1000:\n")
            base.file(
                "etc/os-release",
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n")
            base.file(
                "etc/passwd",
                "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\napp:x:1000:1000::/app:/bin/sh\n")
            base.directory("usr/bin")
            base.file("usr/bin/apt-get", binary("apt-get"), mode: 0o755)
            base.file("usr/bin/dpkg", binary("dpkg"), mode: 0o755)
            base.directory("var/lib/dpkg")
            let packages = ["base-files", "libc6", "ca-certificates", "tzdata"].prefix(2 + ref.index % 3)
            base.file("var/lib/dpkg/status", packages.map { "Package: \($0)\nStatus: install ok installed\n" }.joined(separator: "\n"))
        case .alpine:
            base.directory("bin")
            base.file("bin/busybox", binary("busybox"), mode: 0o755)
            base.symlink("bin/sh", to: "/bin/busybox")
            base.directory("etc")
            base.file("etc/group", "root:x:0:root\napp:x:1000:\n")
            base.file("etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n")
            base.file("etc/passwd", "root:x:0:0:root:/root:/bin/ash\napp:x:1000:1000::/app:/sbin/nologin\n")
            base.directory("lib/apk/db")
            base.file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\n\nP:busybox\nV:1.36.1-r15\n\nP:apk-tools\nV:2.14.0-r5\n")
            base.directory("sbin")
            base.file("sbin/apk", binary("apk"), mode: 0o755)
        case .distroless:
            base.directory("etc")
            base.file("etc/group", "root:x:0:\napp:x:1000:\n")
            base.file("etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000::/app:/sbin/nologin\n")
        }
        var app = flavour == .distroless ? base : SyntheticArchive(modified: modified)
        app.directory("app")
        if ref.index % 11 == 5 { app.file("app/.env", "DATABASE_URL=postgres://app:app@db/app\n", mode: 0o600) }
        if ref.index % 6 == 1 { app.file("app/bin/helper", binary("helper"), mode: 0o4755) }
        app.file("app/server", binary("server \(ref.index).\(ref.generation)"), mode: 0o755)
        if flavour == .debian && ref.index % 10 == 4 {
            app.file("usr/bin/.wh.apt-get", [UInt8]())
            app.file("usr/bin/.wh.dpkg", [UInt8]())
        }
        if flavour != .distroless && ref.index % 7 == 3 { app.file("usr/bin/sudo", binary("sudo"), mode: 0o4755) }
        return flavour == .distroless ? [app.finished()] : [base.finished(), app.finished()]
    }

    /// A stand-in executable: an ELF magic and the program's name.
    private func binary(_ name: String) -> [UInt8] { [0x7F] + Array("ELF synthetic \(name)\n".utf8) }
}
