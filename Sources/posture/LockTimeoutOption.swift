import ArgumentParser
import PostureStore

/// `--lock-timeout`: how long a command that writes the database (`collect`, `import`, `prune`)
/// waits while another process writes it, before giving up with an error that names this option.
struct LockTimeoutOption: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds to wait while another process writes the database, then give up with a clear error.", valueName: "seconds"))
    var lockTimeout: Double = PostureDatabase.defaultBusyTimeout

    func validate() throws {
        guard lockTimeout >= 0 else { throw ValidationError("--lock-timeout must be 0 or more seconds") }
    }
}
