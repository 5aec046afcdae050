# shellcheck shell=bash
# What scripts/fault-inject checks after every fault. Sourced.
#
# Each check prints nothing when all is well and one line naming the problem otherwise.

# sqlite3, read-only, waiting up to 10 s for a lock like `posture query` does.
sql() { sqlite3 -readonly -cmd ".timeout 10000" "$@"; }

# Every snapshot's answers, as one digest: for each snapshot id up to $2, the rows of every
# fact table that held in it (valid_from <= id < valid_to, the scoping `query --snapshot` uses;
# all columns but valid_to),
# its samples, its snapshots row and its collectors' rows.
snapshot_digest() {
    local db=$1 upto=$2 table columns sql=""
    for table in $(sql "$db" \
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\_versions' ESCAPE '\\' ORDER BY name"); do
        # Every column but valid_to: a later snapshot closing a version sets it (its bookkeeping,
        # not a change of what the earlier snapshot answers).
        columns=$(sql "$db" \
            "SELECT group_concat('t.\"' || name || '\"', ', ') FROM pragma_table_info('$table') WHERE name <> 'valid_to'")
        sql+="SELECT '$table', s.id, $columns FROM snapshots s JOIN $table t ON t.valid_from <= s.id
                AND (t.valid_to IS NULL OR t.valid_to > s.id) WHERE s.id <= $upto ORDER BY s.id, t.rowid;"
    done
    for table in $(sql "$db" \
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\_samples' ESCAPE '\\' ORDER BY name"); do
        sql+="SELECT '$table', * FROM $table WHERE snapshot_id <= $upto ORDER BY rowid;"
    done
    sql+="SELECT * FROM snapshots WHERE id <= $upto ORDER BY id;"
    sql+="SELECT * FROM snapshot_collectors WHERE snapshot_id <= $upto ORDER BY rowid;"
    sql "$db" "$sql" | sha256sum | cut -c1-16
}

last_snapshot() { sql "$1" "SELECT coalesce(max(id), 0) FROM snapshots"; }

# Corrupt: integrity_check or foreign_key_check fails, a snapshot without its collectors' rows,
# a fact version naming a snapshot that does not exist, or `posture query` can not read the file.
corruption() {
    local db=$1 integrity half table orphans
    integrity=$(sql "$db" "PRAGMA integrity_check" 2>&1 | head -3 | tr '\n' ' ')
    [[ $integrity == "ok " ]] || { echo "integrity_check: $integrity"; return; }
    [[ -z $(sql "$db" "PRAGMA foreign_key_check") ]] || { echo "foreign_key_check failed"; return; }
    half=$(sql "$db" \
        "SELECT group_concat(id) FROM snapshots WHERE id NOT IN (SELECT snapshot_id FROM snapshot_collectors)")
    [[ -z $half ]] || { echo "half snapshot(s) visible: $half"; return; }
    for table in $(sql "$db" \
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\_versions' ESCAPE '\\'"); do
        orphans=$(sql "$db" "SELECT count(*) FROM $table WHERE valid_from NOT IN (SELECT id FROM snapshots)
            OR (valid_to IS NOT NULL AND valid_to NOT IN (SELECT id FROM snapshots))")
        ((orphans == 0)) || { echo "$table: $orphans versions of snapshots that do not exist"; return; }
    done
    "$POSTURE" query --db "$db" "SELECT count(*) FROM containers" >/dev/null 2>"$WORK/query.err" ||
        echo "posture query can not read it: $(head -1 "$WORK/query.err")"
}
