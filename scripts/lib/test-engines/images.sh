# shellcheck shell=bash
# Images for the image-contents tests, built with `docker import` from folders written here
# (no registry, no Dockerfile build). Sourced by scripts/test-engines.
#
#   posture-test/contents-busybox:1     busybox as /bin/sh, a dpkg status file (2 installed
#                                       packages, 1 removed), Debian os-release         (Docker, Podman)
#   posture-test/contents-distroless:1  one static binary (/app/server), no shell, a distroless
#                                       dpkg status.d, a nonroot user                   (Docker, Podman)
#   posture-test/contents-risky:1       two layers: a setuid helper, sudo and apt stand-ins, an
#                                       extra uid-0 account with an empty password, /root/.ssh/id_rsa
#                                       and /app/.env; the second layer deletes /etc/id_dsa and
#                                       /opt/gone (whiteouts) and re-creates /srv/data (opaque)  (Docker)
CONTENTS_BUSYBOX=posture-test/contents-busybox:1
CONTENTS_DISTROLESS=posture-test/contents-distroless:1
CONTENTS_RISKY_BASE=posture-test/contents-risky-base:1
CONTENTS_RISKY=posture-test/contents-risky:1

# Tars a folder with fixed owners and times, so the images are the same on every run.
# $1 = folder, $2 = tarball.
contents_tar() {
    tar -C "$1" --sort=name --mtime=@0 --numeric-owner -cf "$2" .
}

write_contents_busybox() {
    local root=$1 busybox
    busybox=$(static_busybox) || die "no static busybox found (apt-get install busybox-static)"
    mkdir -p "$root"/{bin,etc,var/lib/dpkg,tmp}
    cp "$busybox" "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"
    printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n' >"$root/etc/os-release"
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
    printf 'root:*:19000:0:99999:7:::\nnobody:!:19000:0:99999:7:::\n' >"$root/etc/shadow"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
    cat >"$root/var/lib/dpkg/status" <<'STATUS'
Package: base-files
Status: install ok installed
Version: 12.4

Package: libc6
Status: install ok installed
Version: 2.36-9

Package: old-tool
Status: deinstall ok config-files
Version: 1.0
STATUS
    chown -R 0:0 "$root"
}

write_contents_distroless() {
    local root=$1
    mkdir -p "$root"/{app,etc,var/lib/dpkg/status.d,tmp}
    # ldconfig is statically linked on Debian: a real program that is no shell.
    cp /sbin/ldconfig "$root/app/server"
    printf 'PRETTY_NAME="Distroless"\nNAME=Debian\nVERSION_ID="12"\nID=debian\n' >"$root/etc/os-release"
    printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
    printf 'Package: base-files\nVersion: 12.4\nStatus: install ok installed\n' >"$root/var/lib/dpkg/status.d/base"
    printf 'Package: netbase\nVersion: 6.4\n' >"$root/var/lib/dpkg/status.d/netbase"
    chown -R 0:0 "$root"
}

write_contents_risky_base() {
    local root=$1 busybox
    busybox=$(static_busybox) || die "no static busybox found (apt-get install busybox-static)"
    mkdir -p "$root"/{bin,etc,usr/bin,usr/local/bin,root/.ssh,app,opt/gone,srv/data,tmp}
    cp "$busybox" "$root/bin/busybox"
    for applet in sh rm mkdir; do ln -s busybox "$root/bin/$applet"; done
    printf '#!/bin/sh\necho helper\n' >"$root/usr/local/bin/helper"
    chmod 4755 "$root/usr/local/bin/helper"
    printf '#!/bin/sh\necho not really sudo\n' >"$root/usr/bin/sudo"
    chmod 4755 "$root/usr/bin/sudo"
    printf '#!/bin/sh\necho not really apt\n' >"$root/usr/bin/apt"
    chmod 755 "$root/usr/bin/apt"
    printf '#!/bin/sh\n' >"$root/usr/bin/wall"
    chmod 2755 "$root/usr/bin/wall"
    printf 'root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0:backdoor:/root:/bin/sh\nweb:x:1000:1000::/app:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:*:19000:0:99999:7:::\ntoor::19000:0:99999:7:::\nweb:$6$salt$hash:19000:0:99999:7:::\n' >"$root/etc/shadow"
    printf 'root:x:0:\nweb:x:1000:\nwebadmins:x:1000:\n' >"$root/etc/group"
    printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nposture-test-not-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n' >"$root/root/.ssh/id_rsa"
    chmod 600 "$root/root/.ssh/id_rsa"
    printf 'DB_PASSWORD=posture-test\n' >"$root/app/.env"
    printf 'deleted in the second layer\n' >"$root/etc/id_dsa"
    printf 'deleted with its folder\n' >"$root/opt/gone/password.txt"
    printf 'hidden by the opaque folder\n' >"$root/srv/data/credentials.json"
    chown -R 0:0 "$root"
    # after chown, which clears setuid and setgid bits
    chmod 4755 "$root/usr/local/bin/helper" "$root/usr/bin/sudo"
    chmod 2755 "$root/usr/bin/wall"
}

# Builds the three images (and imports the first two into Podman).
build_contents_images() {
    local dir=$STATE/contents
    rm -rf "$dir"
    mkdir -p "$dir"
    write_contents_busybox "$dir/busybox"
    write_contents_distroless "$dir/distroless"
    write_contents_risky_base "$dir/risky"
    local name
    for name in busybox distroless risky; do contents_tar "$dir/$name" "$dir/$name.tar"; done
    docker_cli import --change 'CMD ["/bin/sh"]' "$dir/busybox.tar" "$CONTENTS_BUSYBOX" >/dev/null ||
        die "docker import of $CONTENTS_BUSYBOX failed"
    docker_cli import --change 'ENTRYPOINT ["/app/server"]' --change 'USER 65532' "$dir/distroless.tar" "$CONTENTS_DISTROLESS" >/dev/null ||
        die "docker import of $CONTENTS_DISTROLESS failed"
    docker_cli import --change 'CMD ["/bin/sh"]' "$dir/risky.tar" "$CONTENTS_RISKY_BASE" >/dev/null ||
        die "docker import of $CONTENTS_RISKY_BASE failed"
    # The second layer: whiteouts for a file and a folder, and an opaque folder.
    docker_cli rm -f posture-contents-commit >/dev/null 2>&1 || true
    docker_cli run --name posture-contents-commit "$CONTENTS_RISKY_BASE" \
        sh -c 'rm /etc/id_dsa && rm -r /opt/gone /srv/data && mkdir /srv/data && echo kept >/srv/data/notes' >/dev/null ||
        die "could not run the second layer of $CONTENTS_RISKY"
    docker_cli commit posture-contents-commit "$CONTENTS_RISKY" >/dev/null || die "docker commit of $CONTENTS_RISKY failed"
    docker_cli rm posture-contents-commit >/dev/null || die "could not remove the container posture-contents-commit"
    podman_remote import --change 'CMD ["/bin/sh"]' "$dir/busybox.tar" "$CONTENTS_BUSYBOX" >/dev/null ||
        die "podman import of $CONTENTS_BUSYBOX failed"
    podman_remote import --change 'ENTRYPOINT ["/app/server"]' --change 'USER 65532' "$dir/distroless.tar" "$CONTENTS_DISTROLESS" >/dev/null ||
        die "podman import of $CONTENTS_DISTROLESS failed"
}

# Prints the names of the image-contents images that are missing from either engine.
contents_images_missing() {
    local image
    for image in "$CONTENTS_BUSYBOX" "$CONTENTS_DISTROLESS" "$CONTENTS_RISKY"; do
        docker_cli image inspect "$image" >/dev/null 2>&1 || echo "docker:$image"
    done
    for image in "$CONTENTS_BUSYBOX" "$CONTENTS_DISTROLESS"; do
        podman_remote image exists "localhost/$image" >/dev/null 2>&1 || echo "podman:$image"
    done
}
