# shellcheck shell=bash
# The "zoo": one container per posture case, all labelled posture.test=zoo. Sourced.
#
# Each entry is "name|state after start|docker arguments". Every container runs `sleep 86400`
# from the locally built image (no registry is reachable, so nothing is pulled).
DOCKER_ZOO=(
    "zoo-limited|running|--memory 512m --cpus 1.5 --pids-limit 100"
    "zoo-unlimited|running|"
    "zoo-readonly|running|--read-only --user 1000:1000"
    "zoo-caps|running|--cap-add NET_ADMIN --cap-add SYS_PTRACE"
    "zoo-hardened|running|--cap-drop ALL --security-opt no-new-privileges --user 65534 --read-only --memory 64m --pids-limit 50 --cpus 0.5 --restart on-failure:3 --network zoo-internal --health-cmd true --health-interval 60s --log-opt max-size=10m --log-opt max-file=3"
    "zoo-hostnet|running|--network host"
    "zoo-ports|running|-p 8080:80 -p 127.0.0.1:8443:443"
    "zoo-internal-member|running|--network zoo-internal"
    "zoo-secret-env|running|-e DB_PASSWORD=hunter2-posture-secret -e PLAIN_SETTING=visible-value --label com.example.api-token=tok-posture-secret --label com.example.team=blue"
    "zoo-mounts|running|-v zoo-data:/data -v /etc:/host-etc:ro"
    "zoo-stopped|exited|"
    # --privileged containers can be created but not started in some sandboxes: never started.
    "zoo-privileged|created|--privileged"
)

PODMAN_ZOO=(
    "zoo-podman-limited|running|--memory 256m --pids-limit 50 ${PODMAN_ULIMITS[*]}"
    "zoo-podman-plain|running|"
)

# Writes a minimal root filesystem (static busybox and one symlink per applet) and prints the path
# of its tarball. Owners and times are fixed so the tarball is the same on every run.
build_image_tarball() {
    local busybox rootfs=$STATE/image/rootfs tarball=$STATE/image/busybox.tar applet
    busybox=$(static_busybox) || die "no static busybox found (apt-get install busybox-static)"
    rm -rf "$STATE/image"
    mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev}
    chmod 1777 "$rootfs/tmp"
    cp "$busybox" "$rootfs/bin/busybox"
    for applet in $("$busybox" --list); do
        [[ $applet == busybox ]] || ln -s busybox "$rootfs/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
    tar -C "$rootfs" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf "$tarball" .
    echo "$tarball"
}

import_images() {
    local tarball=$1
    docker_cli import --change 'CMD ["sh"]' "$tarball" "$IMAGE" >/dev/null ||
        die "docker import of $tarball as $IMAGE failed"
    # Podman stores it as localhost/posture-test/busybox:1.
    podman_remote import --change 'CMD ["sh"]' "$tarball" "$IMAGE" >/dev/null ||
        die "podman import of $tarball as $IMAGE failed"
}

# Runs (or creates) one zoo container from an entry of DOCKER_ZOO / PODMAN_ZOO.
# $1 = the CLI function (docker_cli or podman_remote), $2 = the entry.
create_zoo_container() {
    local cli=$1 name state args
    IFS='|' read -r name state args <<<"$2"
    local -a extra
    read -ra extra <<<"$args"
    local -a common=(--name "$name" --label "$ZOO_LABEL" "${extra[@]}")
    # Podman stores the import as localhost/…; the full name skips short-name resolution (and its
    # host-wide alias cache).
    local image=$IMAGE
    [[ $cli == podman_remote ]] && image=localhost/$IMAGE
    case $state in
    running | exited)
        "$cli" run -d "${common[@]}" "$image" sleep 86400 >/dev/null ||
            die "could not start zoo container $name ($cli run ${common[*]})"
        if [[ $state == exited ]]; then
            # sleep ignores SIGTERM as pid 1, so it is killed after one second (exit code 137).
            "$cli" stop -t 1 "$name" >/dev/null || die "could not stop zoo container $name"
        fi
        ;;
    created)
        "$cli" create "${common[@]}" "$image" sleep 86400 >/dev/null ||
            die "could not create zoo container $name"
        ;;
    *) die "zoo entry $name: unknown state $state" ;;
    esac
}

create_zoo() {
    local entry
    docker_cli volume create --label "$ZOO_LABEL" zoo-data >/dev/null
    docker_cli network create --internal --label "$ZOO_LABEL" zoo-internal >/dev/null ||
        die "could not create the internal network zoo-internal"
    # All at once: each `run` mostly waits on the engine, so this roughly halves the start time.
    local -a jobs=()
    for entry in "${DOCKER_ZOO[@]}"; do
        create_zoo_container docker_cli "$entry" &
        jobs+=($!)
    done
    for entry in "${PODMAN_ZOO[@]}"; do
        create_zoo_container podman_remote "$entry" &
        jobs+=($!)
    done
    local job failed=0
    for job in "${jobs[@]}"; do wait "$job" || failed=1; done
    ((failed == 0)) || die "some zoo containers could not be created (errors above)"
}

# Prints "name: expected X, found Y" for every zoo container not in its expected state.
zoo_mismatches() {
    local entry
    for entry in "${DOCKER_ZOO[@]}"; do zoo_mismatch docker_cli "$entry"; done
    for entry in "${PODMAN_ZOO[@]}"; do zoo_mismatch podman_remote "$entry"; done
}

# $1 = the CLI function, $2 = the zoo entry.
zoo_mismatch() {
    local cli=$1 name state args found
    IFS='|' read -r name state args <<<"$2"
    found=$("$cli" inspect --format '{{.State.Status}}' "$name" 2>/dev/null) || found=missing
    # Podman reports "configured" for a created container in some versions.
    [[ $found == configured ]] && found=created
    [[ $found == "$state" ]] || echo "$name: expected $state, found $found"
}

# Fails with the list of zoo containers that are not in their expected state.
check_zoo() {
    local problems
    problems=$(zoo_mismatches)
    [[ -z $problems ]] || die "the zoo is not as expected:
$problems
(engine logs: $DOCKER_LOG, $PODMAN_LOG)"
}
