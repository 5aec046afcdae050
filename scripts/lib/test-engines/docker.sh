# shellcheck shell=bash
# The private network namespace and the private dockerd. Sourced by scripts/test-engines.

# Creates the network namespace both engines run in, with loopback up and Docker's bridge.
# Inside it dockerd and netavark may change iptables and net.ipv4.ip_forward freely: the host's
# firewall, sysctls, bridges and ports are never touched.
create_netns() {
    ip netns add "$NETNS" ||
        die "cannot create network namespace $NETNS (is iproute2 installed, are we root?)"
    ip -n "$NETNS" link set lo up
    ip -n "$NETNS" link add "$DOCKER_BRIDGE" type bridge
    ip -n "$NETNS" addr add "$DOCKER_BRIDGE_CIDR" dev "$DOCKER_BRIDGE"
    ip -n "$NETNS" link set "$DOCKER_BRIDGE" up
}

# daemon.json holds the engine settings; paths stay on the command line so the daemon's cmdline
# says where everything is. An explicit --config-file also keeps a host /etc/docker/daemon.json out.
# (dockerd 20.10 rejects "containerd-plugin-namespace" in daemon.json: its JSON key and flag name
# differ, so that one setting stays a flag.)
write_docker_config() {
    mkdir -p "$DOCKER_DIR"
    cat >"$DOCKER_CONFIG_FILE" <<EOF
{
  "bridge": "$DOCKER_BRIDGE",
  "default-address-pools": [{ "base": "$DOCKER_POOL", "size": 24 }],
  "containerd-namespace": "$DOCKER_CONTAINERD_NAMESPACE",
  "deprecated-key-path": "$DOCKER_DIR/key.json"
}
EOF
}

# Starts dockerd in the background, detached from this shell, inside the private namespace.
# Without --containerd it supervises its own containerd under the exec root (or, when a system
# containerd is running, uses that one under the separate namespace "posture-test").
launch_dockerd() {
    setsid nsenter --net="$NETNS_PATH" -- dockerd \
        --config-file "$DOCKER_CONFIG_FILE" \
        --host "$DOCKER_HOST_URL" \
        --data-root "$DOCKER_DATA_ROOT" \
        --exec-root "$DOCKER_EXEC_ROOT" \
        --pidfile "$DOCKER_PIDFILE" \
        --group "$SOCKET_GROUP" \
        --containerd-plugins-namespace "$DOCKER_CONTAINERD_NAMESPACE-plugins" \
        >>"$DOCKER_LOG" 2>&1 </dev/null 9>&- &
    echo $! >"$DOCKER_DIR/launcher.pid"
}

# Waits until `docker info` answers on the private socket; fails early if dockerd died.
wait_for_dockerd() {
    local deadline=$((SECONDS + START_TIMEOUT)) launcher
    launcher=$(cat "$DOCKER_DIR/launcher.pid")
    until docker_answers; do
        if ! process_alive "$launcher" && ! owned_pid "$DOCKER_PIDFILE" >/dev/null; then
            log_tail "$DOCKER_LOG"
            die "dockerd exited during start-up (log above, full log: $DOCKER_LOG)"
        fi
        if ((SECONDS >= deadline)); then
            log_tail "$DOCKER_LOG"
            die "dockerd did not answer on $DOCKER_SOCK within ${START_TIMEOUT}s (log above; raise POSTURE_TEST_START_TIMEOUT on a slow machine)"
        fi
        sleep 0.3
    done
    check_docker_socket
}

# The socket must be root:posture-docker 0660: that is the root-equivalent group tests look for.
check_docker_socket() {
    local owner
    owner=$(stat -c '%U:%G %a' "$DOCKER_SOCK")
    [[ $owner == "root:$SOCKET_GROUP 660" ]] ||
        die "$DOCKER_SOCK is '$owner', expected 'root:$SOCKET_GROUP 660'"
}

# Removes every container (not only the zoo: tests may add their own), then stops dockerd.
stop_dockerd() {
    local pid ids
    if docker_answers; then
        ids=$(docker_cli ps -aq) || true
        if [[ -n $ids ]]; then
            # shellcheck disable=SC2086 # one id per word
            docker_cli rm -f -v $ids >/dev/null 2>&1 || log "could not remove some Docker containers"
        fi
    fi
    if pid=$(owned_pid "$DOCKER_PIDFILE"); then
        terminate_pid "$pid" 30
    fi
}
