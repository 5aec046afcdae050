# shellcheck shell=bash
# Shared settings and helpers for scripts/test-engines. Sourced, not run.
#
# Everything the private engines own lives under one state folder ($STATE). Both engines run inside
# a private network namespace ($NETNS), so their bridges, iptables rules, ip_forward sysctl and
# published ports never touch the host's network or an engine already running on the host.

STATE=${POSTURE_TEST_STATE:-/tmp/posture-test-engines}
STATE=${STATE%/}

# Seconds to wait for each engine to answer before giving up.
START_TIMEOUT=${POSTURE_TEST_START_TIMEOUT:-90}

# Root-equivalent principals the tests look for.
SOCKET_GROUP=posture-docker
SOCKET_USER=posture-socket-user

# One network namespace per state folder, so two state folders never share one.
NETNS="posture-test-$(printf '%s' "$STATE" | sha256sum | cut -c1-10)"
NETNS_PATH=/run/netns/$NETNS

# Docker: its own socket, data root, exec root, pid file, daemon.json and bridge.
DOCKER_DIR=$STATE/docker
DOCKER_SOCK=$DOCKER_DIR/docker.sock
DOCKER_HOST_URL=unix://$DOCKER_SOCK
DOCKER_PIDFILE=$DOCKER_DIR/dockerd.pid
DOCKER_DATA_ROOT=$DOCKER_DIR/data
DOCKER_EXEC_ROOT=$DOCKER_DIR/exec
DOCKER_CONFIG_FILE=$DOCKER_DIR/daemon.json
DOCKER_LOG=$DOCKER_DIR/dockerd.log
DOCKER_BRIDGE=posture0
DOCKER_BRIDGE_CIDR=10.213.77.1/24
DOCKER_POOL=10.213.128.0/17
DOCKER_CONTAINERD_NAMESPACE=posture-test

# Podman: its own socket, store, run root, containers.conf, storage.conf, network folder and bridge.
PODMAN_DIR=$STATE/podman
PODMAN_SOCK=$PODMAN_DIR/podman.sock
PODMAN_HOST_URL=unix://$PODMAN_SOCK
PODMAN_PIDFILE=$PODMAN_DIR/service.pid
PODMAN_LOG=$PODMAN_DIR/service.log
PODMAN_ROOT=$PODMAN_DIR/root
PODMAN_RUNROOT=$PODMAN_DIR/runroot
PODMAN_CONF=$PODMAN_DIR/containers.conf
PODMAN_STORAGE_CONF=$PODMAN_DIR/storage.conf
PODMAN_NETWORK_DIR=$PODMAN_DIR/networks
PODMAN_NETWORK=posture-podman
PODMAN_BRIDGE=posture-pm0
PODMAN_SUBNET=10.213.78.0/24
PODMAN_GATEWAY=10.213.78.1
# This sandbox lacks CAP_SYS_RESOURCE, and Podman's default rlimits (nofile 1048576, nproc at the
# host maximum) make runc fail with "error setting rlimits". Explicit, modest values always work.
PODMAN_ULIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=4096:4096)

IMAGE=posture-test/busybox:1
ZOO_LABEL=posture.test=zoo

ENV_FILE=$STATE/env
# Marks a folder as ours, so `stop` never deletes a folder it did not create.
MARKER=$STATE/.posture-test-engines
# Shared host run-time folders that did not exist before `start` (removed by `stop` when empty).
CREATED_PATHS=$STATE/created-host-paths

log() { echo "test-engines: $*" >&2; }

die() {
    echo "test-engines: error: $*" >&2
    exit 1
}

# Prints the last lines of a log file, indented, for error messages (more of it on CI).
log_tail() {
    local file=$1 lines=40
    [[ ${CI:-} == true ]] && lines=200
    if [[ -s $file ]]; then
        echo "---- last $lines lines of $file ----" >&2
        tail -n "$lines" "$file" | sed 's/^/    /' >&2
        echo "----" >&2
    else
        echo "($file is empty or missing)" >&2
    fi
}

check_state_path() {
    [[ $STATE == /* ]] || die "POSTURE_TEST_STATE must be an absolute path, got '$STATE'"
    [[ $STATE != / && $STATE != /tmp && $STATE != /root && $STATE != /home ]] ||
        die "POSTURE_TEST_STATE='$STATE' is too broad; use a folder of its own such as /tmp/posture-test-engines"
    # A unix socket path must fit in sun_path (108 bytes).
    ((${#DOCKER_SOCK} < 100 && ${#PODMAN_SOCK} < 100)) ||
        die "POSTURE_TEST_STATE='$STATE' is too long for a unix socket path; use a shorter folder"
}

# $1 = the subcommand, for the message.
require_root() {
    [[ $(id -u) -eq 0 ]] || die "the private engines need root (run: sudo scripts/test-engines $1)"
}

# Runs a command inside the engines' network namespace (or in the current one when it is gone,
# which only happens while cleaning up after a partial start).
in_netns() {
    if [[ -e $NETNS_PATH ]]; then
        nsenter --net="$NETNS_PATH" -- "$@"
    else
        "$@"
    fi
}

# The docker CLI pointed at the private engine only (never a context or DOCKER_HOST from the caller).
docker_cli() {
    env -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
        DOCKER_CONFIG="$DOCKER_DIR/cli" docker -H "$DOCKER_HOST_URL" "$@"
}

# The podman CLI as a client of the private service (what the tests see).
podman_remote() {
    env -u CONTAINER_HOST -u CONTAINER_CONNECTION podman --remote --url "$PODMAN_HOST_URL" "$@"
}

# The podman CLI working directly on the private store; used by `stop` when the service is down.
podman_local() {
    CONTAINERS_CONF=$PODMAN_CONF CONTAINERS_STORAGE_CONF=$PODMAN_STORAGE_CONF \
        in_netns podman --root "$PODMAN_ROOT" --runroot "$PODMAN_RUNROOT" "$@"
}

docker_answers() { docker_cli info >/dev/null 2>&1; }

podman_answers() {
    [[ -S $PODMAN_SOCK ]] &&
        [[ $(curl -sf --max-time 5 --unix-socket "$PODMAN_SOCK" http://d/_ping 2>/dev/null) == OK ]]
}

# Prints the pid recorded in a pid file if that process is alive and really ours (its command line
# mentions the state folder), so a recycled pid is never signalled.
owned_pid() {
    local pidfile=$1 pid
    # read, not $(<…): dockerd deletes its pid file on exit, and a failed $(<…) ends a set -e
    # script. (dockerd writes no final newline, so read "fails" but still sets pid.)
    pid=
    { read -r pid <"$pidfile"; } 2>/dev/null || true
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    process_alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$STATE" || return 1
    echo "$pid"
}

# True while the process exists and is not a zombie.
process_alive() {
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [[ -n $state && $state != Z && $state != X ]]
}

# Sends SIGTERM, waits up to $2 seconds, then SIGKILL.
terminate_pid() {
    local pid=$1 grace=${2:-20} i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < grace * 5; i++)); do
        process_alive "$pid" || return 0
        sleep 0.2
    done
    log "pid $pid did not exit after SIGTERM within ${grace}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 25; i++)); do
        process_alive "$pid" || return 0
        sleep 0.2
    done
}
