import Foundation
import Testing
@testable import PostureCollect

@Suite("image export reader and analysis")
struct ImageArchiveReaderTests {
    /// Every fact of the fixture image (Fixtures/images/README.md), whichever layout carries it.
    func expectFixtureImage(_ contents: ImageContents) {
        #expect(contents.layers == 2)
        #expect(contents.shells.map(\.path) == ["/bin/sh", "/bin/busybox"])
        #expect(contents.shells.map(\.target) == ["/bin/busybox", nil])
        #expect(contents.packageManagers == ["apk"])
        #expect(contents.hasSudo)
        #expect(contents.osID == "alpine" && contents.osVersionID == "3.20.1" && contents.osPrettyName == "Alpine Linux v3.20")
        #expect(contents.packageDB == "apk" && contents.packageCount == 3)
        let special = contents.files.filter { $0.category == .setuid || $0.category == .setgid }
        #expect(special.map { "\($0.category.rawValue) \($0.path) \(String($0.mode, radix: 8))" }
            == ["setuid /usr/bin/sudo 4755", "setgid /usr/local/bin/helper 2755"])
        // /etc/secret.jks is whited out, /srv/data/credentials.json hidden by the opaque folder
        #expect(contents.files.filter { $0.category == .secret }.map { "\($0.path) \($0.name)" } == ["/root/.ssh/id_rsa id_rsa"])
        let users = contents.accounts.filter { $0.kind == .user }
        #expect(users.map { "\($0.name) \($0.id ?? -1) \($0.password?.rawValue ?? "-") \($0.uid0Alias) \($0.duplicateID)" } == [
            "root 0 locked false true", "toor 0 empty true true", "web 1000 unknown false false",
        ])
        let groups = contents.accounts.filter { $0.kind == .group }
        #expect(groups.map { "\($0.name) \($0.duplicateID)" } == ["root false", "web true", "admins true"])
        #expect(contents.distrolessReasons == ["shell: /bin/sh, /bin/busybox", "package manager: apk", "sudo: /usr/bin/sudo"])
    }

    @Test("docker-archive: plain and gzip layers, a linked layer, whiteouts and an opaque folder", arguments: [1, 513, 65536])
    func dockerArchive(piece: Int) throws {
        expectFixtureImage(ImageContentsAnalysis.analyse(try ImageFixtures.tree("export-docker-archive.tar", piece: piece)))
    }

    @Test("OCI layout: blobs named by digest, a config blob that is not a tar is ignored")
    func ociLayout() throws {
        let oci = try ImageFixtures.tree("export-oci-layout.tar")
        let archive = try ImageFixtures.tree("export-docker-archive.tar")
        expectFixtureImage(ImageContentsAnalysis.analyse(oci))
        #expect(oci.nodes == archive.nodes, "both layouts of the same image give the same filesystem")
    }

    @Test("a corrupt layer the manifest names is an error naming the layer, not a crash")
    func corruptLayer() throws {
        #expect {
            _ = try ImageFixtures.tree("export-corrupt-layer.tar")
        } throws: { error in
            guard case ImageReadError.badLayer(let layer, let reason) = error else { return false }
            return layer.hasPrefix("blobs/sha256/") && reason.contains("checksum")
        }
    }

    @Test("an export cut short is an error")
    func truncatedExport() throws {
        let bytes = try ImageFixtures.bytes("export-docker-archive.tar")
        let reader = ImageArchiveReader()
        try ImageFixtures.feed(Array(bytes.prefix(5000)), piece: 1000) { try reader.feed($0) }
        #expect(throws: ImageReadError.self) { try reader.finish() }
    }

    @Test("symlinks resolve inside the image: absolute, relative, through folders, loops end")
    func resolve() {
        var layer = LayerChanges()
        func node(_ kind: ImageNode.Kind, _ target: String? = nil) -> ImageNode {
            ImageNode(kind: kind, mode: 0o755, uid: 0, gid: 0, size: 1, target: target, captured: nil)
        }
        layer.added = [
            ("usr", node(.directory)), ("usr/bin", node(.directory)), ("usr/bin/dash", node(.file)),
            ("usr/bin/sh", node(.symlink, "dash")), ("bin", node(.symlink, "usr/bin")),
            ("etc", node(.directory)), ("etc/alternatives", node(.directory)),
            ("etc/alternatives/shell", node(.symlink, "/bin/sh")), ("loop", node(.symlink, "/loop")),
            ("up", node(.symlink, "../../../usr/bin/dash")),
        ]
        var tree = ImageTree()
        tree.apply(layer)
        #expect(tree.resolve("bin/sh")?.path == "usr/bin/dash")
        #expect(tree.resolve("etc/alternatives/shell")?.path == "usr/bin/dash")
        #expect(tree.resolveParent("bin/sh")?.path == "usr/bin/sh")
        #expect(tree.resolve("up")?.path == "usr/bin/dash")
        #expect(tree.resolve("loop") == nil)
        #expect(tree.resolve("bin/bash") == nil)
        let shells = ImageContentsAnalysis.analyse(tree).shells
        #expect(shells.map { "\($0.path) -> \($0.target ?? "-")" } == ["/usr/bin/sh -> /usr/bin/dash", "/usr/bin/dash -> -"])
    }

    @Test("package counts stream: dpkg installed and held count, removed ones do not; status.d counts packages")
    func packageCounts() {
        var dpkg = ContentCapture.Reader(kind: .dpkgStatus)
        let status = "Package: a\nStatus: install ok installed\n\nPackage: b\nStatus: hold ok installed\n\nPackage: c\nStatus: deinstall ok config-files\n"
        ImageFixtures.feed(Array(status.utf8), piece: 5) { dpkg.consume($0) }
        #expect(dpkg.result == .packages(2))
        var part = ContentCapture.Reader(kind: .dpkgStatusPart)
        ImageFixtures.feed(Array("Package: netbase\nVersion: 6.4".utf8), piece: 3) { part.consume($0) }
        #expect(part.result == .packages(1))
        #expect(ContentCapture.kind(for: "var/lib/dpkg/status.d/base") == .dpkgStatusPart)
        #expect(ContentCapture.kind(for: "var/lib/dpkg/status.d/base.md5sums") == nil)
    }

    @Test("secret-looking names: the catalogue's basenames and extensions, SSH host keys")
    func secretNames() {
        #expect(ImageContentsAnalysis.secretRule("root/.ssh/id_ed25519") == "id_ed25519")
        #expect(ImageContentsAnalysis.secretRule("app/.env") == ".env")
        #expect(ImageContentsAnalysis.secretRule("opt/keys/store.JKS") == "extension .jks")
        #expect(ImageContentsAnalysis.secretRule("etc/ssh/ssh_host_rsa_key") == "ssh host key")
        #expect(ImageContentsAnalysis.secretRule("etc/ssh/ssh_host_rsa_key.pub") == nil)
        #expect(ImageContentsAnalysis.secretRule("app/.environment") == nil)
        #expect(ImageContentsAnalysis.secretRule("etc/.secret") == nil)  // a dot file, not an extension
    }
}
