# shellcheck shell=bash
# Tear-down that also works after a failed or partial start. Sourced by scripts/test-engines.

# Folders the engines create in fixed host locations whatever their roots are: netavark's IPAM
# database, containers/image's blob and short-name caches, containerd's shim sockets, runc state,
# legacy plugin sockets, named network namespaces.
SHARED_HOST_PATHS=(
    /run/containers /run/containers/networks
    /var/lib/containers /var/lib/containers/cache
    /var/cache/containers
    /run/containerd /run/containerd/s
    /run/docker /run/docker/plugins
    /run/runc
    /run/netns
)
# Files in those folders that any rootful Podman on the host shares: deleted (when we created their
# folder) only while no other Podman runs.
SHARED_PODMAN_FILES=(
    /run/containers/networks/ipam.db
    /var/lib/containers/cache/blob-info-cache-v1.boltdb
    /var/cache/containers/short-name-aliases.conf.lock
)

# The shared folders, plus the parent cgroups the engines create with the cgroupfs driver
# (/docker and /libpod_parent in every v1 hierarchy, or in the v2 root).
shared_host_paths() {
    local hierarchy
    local -a hierarchies=(/sys/fs/cgroup/*/)
    [[ -e /sys/fs/cgroup/cgroup.controllers ]] && hierarchies=(/sys/fs/cgroup)
    printf '%s\n' "${SHARED_HOST_PATHS[@]}"
    for hierarchy in "${hierarchies[@]}"; do
        hierarchy=${hierarchy%/}
        [[ -e $hierarchy/cgroup.procs ]] || continue
        printf '%s\n' "$hierarchy/docker" "$hierarchy/libpod_parent" "$hierarchy/libpod_parent/conmon"
    done
}

# Remembers which of those did not exist before `start`, so `stop` can remove them again.
record_shared_host_paths() {
    local path
    : >"$CREATED_PATHS"
    while read -r path; do
        [[ -e $path ]] || echo "$path" >>"$CREATED_PATHS"
    done < <(shared_host_paths)
}

# Removes the shared folders we created, deepest first, but only once nothing is left in them
# (rmdir refuses a non-empty folder, and a cgroup that still has tasks or children).
remove_created_host_paths() {
    [[ -r $CREATED_PATHS ]] || return 0
    local path file
    while read -r path; do
        [[ -d $path ]] || continue
        for file in "${SHARED_PODMAN_FILES[@]}"; do
            if [[ ${file%/*} == "$path" && -e $file ]] && ! other_podman_running; then
                rm -f "$file"
            fi
        done
        # `ip netns add` turns /run/netns into a bind mount of itself.
        if [[ -z $(ls -A "$path" 2>/dev/null) ]] && mountpoint -q "$path"; then
            umount "$path" 2>/dev/null || true
        fi
        rmdir "$path" 2>/dev/null || true
    done < <(sort -r "$CREATED_PATHS")
}

other_podman_running() {
    local file comm
    for file in /proc/[0-9]*/comm; do
        { read -r comm <"$file"; } 2>/dev/null || continue
        case $comm in podman | conmon | netavark) return 0 ;; esac
    done
    return 1
}

# Ids of every container the private engines know about, from their stores on disk.
our_container_ids() {
    local dir
    for dir in "$DOCKER_DATA_ROOT/containers" "$PODMAN_ROOT/overlay-containers"; do
        [[ -d $dir ]] && find "$dir" -mindepth 1 -maxdepth 1 -type d -printf '%f\n'
    done | grep -E '^[0-9a-f]{64}$' || true
}

# Engine helper programs (as /proc/<pid>/comm shows them, at most 15 characters).
ENGINE_COMMS=" dockerd containerd containerd-shim docker-proxy runc podman conmon netavark aardvark-dns slirp4netns "

# Kills whatever the engines left behind, by pid: engine helpers whose command line mentions the
# state folder (containerd, shims, conmon), processes inside the private namespace (docker-proxy,
# host-network containers), and processes in the cgroup of one of our containers. Only needed
# after a crash or a partial start; after a clean stop there is nothing to find. (A shell or a
# `tail -f` that merely mentions the state folder is never a match.)
kill_leftover_processes() {
    local -a pids=() ids=()
    local pid id comm
    mapfile -t ids < <(our_container_ids)
    for pid in /proc/[0-9]*; do
        pid=${pid#/proc/}
        [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
        # (Never $(<file) on /proc: under set -e a vanished process would end the script.)
        { read -r comm <"/proc/$pid/comm"; } 2>/dev/null || continue
        if [[ $ENGINE_COMMS == *" $comm "* ]] &&
            { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$STATE"; then
            pids+=("$pid")
            continue
        fi
        for id in "${ids[@]}"; do
            if grep -qF -- "$id" "/proc/$pid/cgroup" 2>/dev/null; then
                pids+=("$pid")
                break
            fi
        done
    done
    if [[ -e $NETNS_PATH ]]; then
        mapfile -t -O "${#pids[@]}" pids < <(ip netns pids "$NETNS" 2>/dev/null)
    fi
    # Unique, and not zombies (already dead; their parent has yet to reap them).
    mapfile -t pids < <(for pid in "${pids[@]}"; do process_alive "$pid" && echo "$pid"; done | sort -un)
    ((${#pids[@]} == 0)) && return 0
    log "killing leftover processes: $(for pid in "${pids[@]}"; do
        printf '%s(%s) ' "$pid" "$(cat "/proc/$pid/comm" 2>/dev/null)"
    done)"
    kill -KILL "${pids[@]}" 2>/dev/null || true
    sleep 0.5
    for id in "${ids[@]}"; do
        # Empty cgroups of killed containers (runc removes them itself on a clean stop).
        find /sys/fs/cgroup -depth -type d -name "*$id*" -exec rmdir {} + 2>/dev/null || true
        # A killed containerd shim leaves its socket in the host-wide /run/containerd/s, named
        # sha256(<containerd address>/<namespace>/<id>).
        rm -f "/run/containerd/s/$(printf '%s' "$DOCKER_EXEC_ROOT/containerd/containerd.sock/$DOCKER_CONTAINERD_NAMESPACE/$id" | sha256sum | cut -c1-64)"
    done
}

# Unmounts everything mounted under the state folder, deepest first (overlay layers, netns
# bind mounts, container shm).
unmount_state() {
    local mount
    [[ -d $STATE ]] || return 0
    while read -r mount; do
        umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null ||
            log "cannot unmount $mount"
    done < <(awk -v s="$STATE/" 'index($2, s) == 1 {print $2}' /proc/self/mounts | sort -r)
}

delete_netns() {
    [[ -e $NETNS_PATH ]] || return 0
    # Deleting the namespace also deletes the bridges inside it (posture0, posture-pm0, br-*).
    ip netns delete "$NETNS" 2>/dev/null || log "cannot delete network namespace $NETNS"
}

remove_state() {
    [[ -e $STATE ]] || return 0
    if [[ ! -e $MARKER ]] && [[ -n $(ls -A "$STATE" 2>/dev/null) ]]; then
        die "$STATE exists but was not created by scripts/test-engines; not deleting it (choose another POSTURE_TEST_STATE or remove it by hand)"
    fi
    rm -rf --one-file-system "$STATE" ||
        die "cannot remove $STATE (something still mounted? see: grep $STATE /proc/self/mounts)"
}

# The whole tear-down, in order. Each step tolerates the absence of what it cleans.
stop_all() {
    stop_podman
    stop_dockerd
    kill_leftover_processes
    unmount_state
    delete_netns
    remove_created_host_paths
    remove_state
}
