# shellcheck shell=bash
# The private rootful Podman service. Sourced by scripts/test-engines.
#
# Podman reads CONTAINERS_CONF and CONTAINERS_STORAGE_CONF instead of /etc/containers and
# /usr/share/containers, so the default store (/var/lib/containers), /run/libpod, the shared-memory
# locks and /etc/containers/networks are never touched.

write_podman_config() {
    mkdir -p "$PODMAN_DIR" "$PODMAN_NETWORK_DIR" "$PODMAN_DIR/tmp"
    cat >"$PODMAN_CONF" <<EOF
# Written by scripts/test-engines; removed by 'scripts/test-engines stop'.
[containers]
# Podman's default rlimits are above what this kind of sandbox lets runc set.
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PODMAN_DIR/events.log"
tmp_dir = "$PODMAN_DIR/tmp"
# Where podman import stages the tarball (default /var/tmp).
image_copy_tmp_dir = "$PODMAN_DIR/tmp"
static_dir = "$PODMAN_ROOT/libpod"
volume_path = "$PODMAN_ROOT/volumes"
# File locks under tmp_dir instead of the host-wide /dev/shm/libpod_lock.
lock_type = "file"

[network]
network_backend = "netavark"
network_config_dir = "$PODMAN_NETWORK_DIR"
default_network = "$PODMAN_NETWORK"
default_subnet = "$PODMAN_SUBNET"
EOF
    cat >"$PODMAN_STORAGE_CONF" <<EOF
# Written by scripts/test-engines; removed by 'scripts/test-engines stop'.
[storage]
driver = "overlay"
graphroot = "$PODMAN_ROOT"
runroot = "$PODMAN_RUNROOT"
EOF
    # The default network as a file, so its bridge is not the usual "podman0".
    cat >"$PODMAN_NETWORK_DIR/$PODMAN_NETWORK.json" <<EOF
{
  "name": "$PODMAN_NETWORK",
  "id": "$(printf '%s' "$PODMAN_NETWORK" | sha256sum | cut -c1-64)",
  "driver": "bridge",
  "network_interface": "$PODMAN_BRIDGE",
  "created": "2026-01-01T00:00:00Z",
  "subnets": [{ "subnet": "$PODMAN_SUBNET", "gateway": "$PODMAN_GATEWAY" }],
  "ipv6_enabled": false,
  "internal": false,
  "dns_enabled": false,
  "ipam_options": { "driver": "host-local" }
}
EOF
}

# Starts `podman system service` in the background, detached, inside the private namespace.
launch_podman_service() {
    # TMPDIR: some image code paths stage files in /var/tmp unless told otherwise.
    CONTAINERS_CONF=$PODMAN_CONF CONTAINERS_STORAGE_CONF=$PODMAN_STORAGE_CONF TMPDIR=$PODMAN_DIR/tmp \
        setsid nsenter --net="$NETNS_PATH" -- podman \
        --root "$PODMAN_ROOT" --runroot "$PODMAN_RUNROOT" \
        system service --time=0 "$PODMAN_HOST_URL" \
        >>"$PODMAN_LOG" 2>&1 </dev/null 9>&- &
    echo $! >"$PODMAN_PIDFILE"
}

# Waits until the service answers /_ping; fails early if it died.
wait_for_podman() {
    local deadline=$((SECONDS + START_TIMEOUT))
    until podman_answers; do
        if ! owned_pid "$PODMAN_PIDFILE" >/dev/null; then
            log_tail "$PODMAN_LOG"
            die "the podman service exited during start-up (log above, full log: $PODMAN_LOG)"
        fi
        if ((SECONDS >= deadline)); then
            log_tail "$PODMAN_LOG"
            die "podman did not answer /_ping on $PODMAN_SOCK within ${START_TIMEOUT}s (log above; raise POSTURE_TEST_START_TIMEOUT on a slow machine)"
        fi
        sleep 0.3
    done
}

# Removes every container (through the service, or straight from the store when it is down),
# then stops the service.
stop_podman() {
    local pid
    if podman_answers; then
        podman_remote rm -a -f -t 0 >/dev/null 2>&1 || log "could not remove some Podman containers"
    elif [[ -f $PODMAN_CONF && -d $PODMAN_ROOT ]]; then
        podman_local rm -a -f -t 0 >/dev/null 2>&1 || log "could not remove some Podman containers"
    fi
    if pid=$(owned_pid "$PODMAN_PIDFILE"); then
        terminate_pid "$pid" 20
    fi
}
