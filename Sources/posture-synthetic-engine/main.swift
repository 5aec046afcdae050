import ArgumentParser
import Foundation
import SyntheticEngine

/// `posture-synthetic-engine`: a benchmark fixture that answers the Docker Engine API endpoints
/// `posture collect` reads, for a generated inventory, on a unix socket. Not used by tests of
/// posture's correctness (those use real engines).
struct SyntheticEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posture-synthetic-engine",
        abstract: "Serve a generated Docker engine (N containers, M images, K networks) on a unix socket, for benchmarks.",
        discussion: """
            The inventory is generated from --seed; each step changes --churn of the containers \
            (removed and replaced, limits changed, or recreated on another image) and of the \
            images (rebuilt). Advance with `curl --unix-socket S -X POST http://x/_synthetic/step` \
            (or `...step?to=N`); `GET /_synthetic/state` tells the step and its changes.

            Example:
              posture-synthetic-engine --socket /tmp/synth.sock --containers 5000 --images 300 --networks 50 --seed 1 --churn 0.01
              posture collect --skip-host --engine unix:///tmp/synth.sock
            """)

    @Option(help: ArgumentHelp("Unix socket to listen on (replaced if it exists).", valueName: "path"))
    var socket: String

    @Option(help: "Containers in the inventory.")
    var containers: Int = 200

    @Option(help: "Images (tags) in the inventory.")
    var images: Int = 20

    @Option(help: "User-defined networks (besides bridge, host and none).")
    var networks: Int = 5

    @Option(help: "Seed of the generator: the same seed gives the same inventory.")
    var seed: UInt64 = 1

    @Option(help: "Fraction of containers and images changed per step (0.01 = 1%).")
    var churn: Double = 0.01

    @Option(help: "Step to start at (the churn of steps 1…N applied).")
    var step: Int = 0

    @Option(help: "Event-loop threads serving requests.")
    var threads: Int = 2

    func validate() throws {
        guard containers >= 0, images >= 1, networks >= 0 else {
            throw ValidationError("--containers and --networks must be >= 0 and --images >= 1")
        }
        guard (0...1).contains(churn) else { throw ValidationError("--churn must be between 0 and 1 (0.01 = 1%)") }
        guard step >= 0, threads >= 1 else { throw ValidationError("--step must be >= 0 and --threads >= 1") }
    }

    func run() throws {
        let engine = SyntheticEngine(
            .init(containers: containers, images: images, networks: networks, seed: seed, churn: churn), step: step)
        FileHandle.standardError.write(Data("posture-synthetic-engine: \(containers) containers, \(images) images, \(networks) networks, step \(step), listening on \(socket)\n".utf8))
        try SyntheticServer.run(engine: engine, socketPath: socket, threads: threads)
    }
}

SyntheticEngineCommand.main()
