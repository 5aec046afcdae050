import ArgumentParser

/// The `posture` command: lists the subcommands, nothing else.
@main
struct Posture: AsyncParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "posture",
        abstract: "Snapshot container security posture into SQLite, query it, and report on it.",
        version: version,
        subcommands: [
            CollectCommand.self, SnapshotsCommand.self, QueryCommand.self, ReportCommand.self, SchemaCommand.self,
            ImportCommand.self, ChecksCommand.self, CheckCommand.self, PruneCommand.self, VerifyCommand.self,
        ])
}
