import ArgumentParser
import PostureStore

/// `--db`: the database every subcommand reads or writes.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Database file (default: $POSTURE_DB, else /var/lib/posture/posture.db for root, else ~/.local/share/posture/posture.db).",
            valueName: "path"))
    var db: String?

    var path: String { db ?? DefaultLocation.databasePath() }
}
