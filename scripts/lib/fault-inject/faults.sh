# shellcheck shell=bash
# The faults scripts/fault-inject injects, one function per fault; each runs one round and sets
# `problem` to a description when the faulted collect did not end as documented. Sourced.

PROXY_PID=

# A socat proxy in front of the engine socket, in its own process group (one process per
# connection), so killing the group is the engine stopping with every connection cut.
start_proxy() {
    stop_proxy
    rm -f "$SOCK"
    setsid socat "UNIX-LISTEN:$SOCK,fork,mode=600" "UNIX-CONNECT:$ENGINE_SOCK" </dev/null >/dev/null 2>&1 &
    PROXY_PID=$!
    for _ in $(seq 100); do [[ -S $SOCK ]] && return; sleep 0.02; done
    echo "fault-inject: the socat proxy did not start on $SOCK" >&2
    exit 1
}

stop_proxy() {
    [[ -n $PROXY_PID ]] || return 0
    kill -KILL -- "-$PROXY_PID" 2>/dev/null || kill -KILL "$PROXY_PID" 2>/dev/null || true
    wait "$PROXY_PID" 2>/dev/null || true
    PROXY_PID=
    rm -f "$SOCK"
}

now() { date +%s.%N; }
random_upto() { awk -v m="$1" -v r="$RANDOM" 'BEGIN { printf "%.3f", m * r / 32768 }'; }

# `posture collect` of the engine (through the proxy) into the fault's database.
posture_collect() { "$POSTURE" collect --db "$DB" --engine "unix://$SOCK" --skip-host --quiet; }

# Starts a collect in the background; its pid in COLLECT_PID (the posture process itself, not
# a subshell: SIGKILL must reach it), output in $WORK/out and $WORK/err.
start_collect() {
    "$POSTURE" collect --db "$DB" --engine "unix://$SOCK" --skip-host --quiet "$@" >"$WORK/out" 2>"$WORK/err" &
    COLLECT_PID=$!
}

wait_collect() {
    status=0
    wait "$COLLECT_PID" || status=$?
}

expect_status() {
    local allowed
    for allowed in "$@"; do [[ $status == "$allowed" ]] && return 0; done
    problem="exit status $status (expected $*): $(head -c 300 "$WORK/err")"
}

fault_engine-stop() {
    start_collect
    sleep "$(random_upto "$T")"
    stop_proxy
    wait_collect
    expect_status 0 2
    [[ $status != 2 ]] || grep -q "warning:" "$WORK/err" || problem="partial collect without a warning"
}

fault_socket-vanish() {
    start_collect
    sleep "$(random_upto "$T")"
    rm -f "$SOCK"
    wait_collect
    expect_status 0 2
    stop_proxy
}

fault_container-vanish() {
    local ids=()
    for _ in 1 2 3 4 5; do
        ids+=("$("${DOCKER[@]}" create --label posture.fault-inject=1 --label "posture.round=$round" \
            posture-test/busybox:1 true)")
    done
    start_collect
    sleep "$(random_upto "$T")"
    "${DOCKER[@]}" rm -f "${ids[@]}" >/dev/null
    wait_collect
    expect_status 0
    # A container is there with its labels, or not at all.
    local half
    half=$(sql "$DB" "SELECT count(*) FROM containers c WHERE c.name <> '' AND NOT EXISTS
        (SELECT 1 FROM container_labels l WHERE l.engine_id = c.engine_id AND l.container_id = c.container_id
         AND l.key = 'posture.round')
        AND c.container_id IN (SELECT container_id FROM container_labels WHERE key = 'posture.fault-inject')")
    ((half == 0)) || problem="$half container(s) without their labels"
}

fault_sigkill() {
    start_collect
    if ((round % 2)); then
        sleep "$(random_upto "$(awk -v t="$T" 'BEGIN { print t * 1.1 }')")"
    else
        # As soon as the WAL changes (the snapshot transaction writes), plus 0-20 ms.
        local first deadline
        first=$(stat -c '%s %Y %i' "$DB-wal" 2>/dev/null || echo none)
        deadline=$(awk -v n="$(now)" -v t="$T" 'BEGIN { print n + 3 * t }')
        while [[ $(stat -c '%s %Y %i' "$DB-wal" 2>/dev/null || echo none) == "$first" ]] &&
            awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n < d) }'; do :; done
        sleep "$(random_upto 0.02)"
    fi
    kill -KILL "$COLLECT_PID" 2>/dev/null || true
    wait_collect
    expect_status 137 0
}

fault_concurrent() {
    local first
    start_collect
    first=$COLLECT_PID
    start_collect
    wait_collect
    local second=$status
    COLLECT_PID=$first
    wait_collect
    [[ $status == 0 && $second == 0 ]] || problem="exit statuses $status and $second (expected 0 and 0): $(head -c 300 "$WORK/err")"
    local added=$(($(last_snapshot "$DB") - before_max))
    ((added == 2)) || problem="$added snapshots added by two collects (expected 2)"
}

fault_disk-full() {
    local avail
    avail=$(df --output=avail -B1 "$WORK/full" | tail -1)
    local room=$((RANDOM * 8))  # 0-256 KB left
    ((avail > room)) && fallocate -l $((avail - room)) "$WORK/full/filler"
    start_collect
    wait_collect
    rm -f "$WORK/full/filler"
    expect_status 0 1
    [[ $status != 1 ]] || grep -q "disk is full" "$WORK/err" || problem="no 'disk is full' message: $(head -c 300 "$WORK/err")"
}

fault_long-reader() {
    local reader sql="BEGIN; SELECT count(*) FROM containers_versions;"
    ((round % 2)) && sql="BEGIN EXCLUSIVE; SELECT count(*) FROM containers_versions;"
    ((round % 4 == 2)) && sql="PRAGMA locking_mode = EXCLUSIVE; $sql"
    { echo "$sql"; sleep "$(awk -v t="$T" 'BEGIN { print t + 3 }')"; echo "COMMIT;"; } | sqlite3 "$DB" >/dev/null &
    reader=$!
    sleep 0.5
    if ((round % 2)); then
        start_collect --lock-timeout 1
        wait_collect
        expect_status 1
        [[ $status != 1 ]] || grep -q "is locked" "$WORK/err" || problem="no 'is locked' message: $(head -c 300 "$WORK/err")"
    else
        start_collect
        wait_collect
        expect_status 0
    fi
    wait "$reader" || true
}

# Runs one fault $2 times on its own database and prints its line.
run_fault() {
    local fault=$1 rounds=$2 round before_max before after problem broken status
    local f_unexpected=0 f_lost=0 f_corrupt=0 statuses=""
    mkdir -p "$WORK/$fault"
    DB=$WORK/$fault/posture.db
    SOCK=$WORK/$fault/engine.sock
    if [[ $fault == disk-full ]]; then
        mkdir -p "$WORK/full"
        mount -t tmpfs -o size=24m,mode=0700 tmpfs "$WORK/full"
        DB=$WORK/full/posture.db
    fi
    start_proxy
    posture_collect >/dev/null
    local t0
    t0=$(now)
    posture_collect >/dev/null
    T=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
    for round in $(seq "$rounds"); do
        start_proxy
        before_max=$(last_snapshot "$DB")
        before=$(snapshot_digest "$DB" "$before_max")
        problem=""
        "fault_$fault"
        statuses+=" $status"
        if [[ -n $problem ]]; then
            f_unexpected=$((f_unexpected + 1))
            echo "fault-inject: $fault round $round: unexpected: $problem" >&2
        fi
        broken=$(corruption "$DB")
        if [[ -n $broken ]]; then
            f_corrupt=$((f_corrupt + 1))
            echo "fault-inject: $fault round $round: CORRUPT: $broken" >&2
            continue
        fi
        after=$(snapshot_digest "$DB" "$before_max")
        if [[ $after != "$before" || $(last_snapshot "$DB") -lt $before_max ]]; then
            f_lost=$((f_lost + 1))
            echo "fault-inject: $fault round $round: LOST: snapshots 1-$before_max answer differently" >&2
            continue
        fi
        start_proxy
        if ! posture_collect >/dev/null 2>"$WORK/next.err"; then
            f_lost=$((f_lost + 1))
            echo "fault-inject: $fault round $round: LOST: the next collect failed: $(head -c 300 "$WORK/next.err")" >&2
        fi
    done
    stop_proxy
    [[ $fault == disk-full ]] && umount -l "$WORK/full"
    echo "fault-inject: $fault: $rounds rounds (collect ${T}s; exit statuses:$(tr ' ' '\n' <<<"$statuses" | sort | uniq -c | awk 'NF == 2 { printf " %s×%s", $2, $1 }')), $f_unexpected unexpected, $f_lost lost, $f_corrupt corrupt"
    total=$((total + rounds))
    unexpected=$((unexpected + f_unexpected))
    lost=$((lost + f_lost))
    corrupt=$((corrupt + f_corrupt))
}
