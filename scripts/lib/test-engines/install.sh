# shellcheck shell=bash
# Installs the Debian packages the private engines need, only when some are missing. Sourced.

# Package -> why it is needed.
REQUIRED_PACKAGES=(
    docker.io        # dockerd, the docker CLI, docker-proxy (pulls containerd, runc, iptables)
    podman           # podman and its service (pulls conmon, containers-common)
    netavark         # Podman's network backend
    aardvark-dns     # netavark's DNS helper (only used by dns-enabled networks)
    slirp4netns      # Podman's user-mode networking
    uidmap           # newuidmap/newgidmap for user namespaces
    iptables         # dockerd and netavark set up NAT inside the private namespace
    iproute2         # ip netns / ip link for the private network namespace and bridge
    util-linux       # nsenter, flock, setsid
    busybox-static   # the static busybox the zoo image is built from
    curl             # /_ping on the Podman socket
    jq               # used by tests and by the checks here
    libsqlite3-dev   # the SQLite the Swift package links
)

package_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

install_missing_packages() {
    local missing=() pkg
    for pkg in "${REQUIRED_PACKAGES[@]}"; do
        # Any static busybox will do (busybox-static conflicts with the dynamic busybox package).
        [[ $pkg == busybox-static ]] && static_busybox >/dev/null && continue
        package_installed "$pkg" || missing+=("$pkg")
    done
    ((${#missing[@]} == 0)) && return 0

    command -v apt-get >/dev/null ||
        die "missing packages (${missing[*]}) and no apt-get to install them; install them by hand"
    log "installing missing packages: ${missing[*]}"
    # Quiet unless it fails; needrestart's interactive hook has nothing to do here.
    export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
    local apt_log
    apt_log=$(mktemp)
    if ! apt-get update -q >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        rm -f "$apt_log"
        die "apt-get update failed (output above); check the network and /etc/apt/sources.list, then re-run"
    fi
    # No recommends: docker.io would otherwise pull apparmor, git and friends.
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$apt_log" 2>&1; then
        cat "$apt_log" >&2
        rm -f "$apt_log"
        die "apt-get install ${missing[*]} failed (output above)"
    fi
    rm -f "$apt_log"
}

# Prints the path of a statically linked busybox, if there is one.
static_busybox() {
    local candidate
    for candidate in /bin/busybox /usr/bin/busybox; do
        if [[ -x $candidate ]] && ! ldd "$candidate" >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

# Creates the group that owns the Docker socket and a user in it (a root-equivalent principal).
ensure_socket_principals() {
    getent group "$SOCKET_GROUP" >/dev/null || groupadd --system "$SOCKET_GROUP" ||
        die "cannot create group $SOCKET_GROUP"
    if ! getent passwd "$SOCKET_USER" >/dev/null; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            --groups "$SOCKET_GROUP" "$SOCKET_USER" || die "cannot create user $SOCKET_USER"
    elif ! id -nG "$SOCKET_USER" | tr ' ' '\n' | grep -qx "$SOCKET_GROUP"; then
        usermod -aG "$SOCKET_GROUP" "$SOCKET_USER" || die "cannot add $SOCKET_USER to $SOCKET_GROUP"
    fi
}
