/// The inventory a synthetic engine serves at one step: N containers, the images they use and
/// K user networks, generated from a seed, and changed by a controllable churn per step.
///
/// Deterministic: the same configuration and step always give the same inventory (each step's
/// churn draws from its own random stream). Pure: no I/O; ``SyntheticDocuments`` renders it as
/// Engine API answers.
public struct SyntheticWorld: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var containers: Int
        public var images: Int
        public var networks: Int
        public var seed: UInt64
        /// Fraction of containers changed per step (added/removed, limits changed, image replaced),
        /// and of images rebuilt per step.
        public var churn: Double

        public init(containers: Int, images: Int, networks: Int, seed: UInt64, churn: Double) {
            self.containers = containers
            self.images = images
            self.networks = networks
            self.seed = seed
            self.churn = churn
        }
    }

    /// One container's posture-relevant settings; `serial` names it and derives its ID.
    public struct Container: Sendable, Equatable {
        public var serial: Int
        public var name: String
        public var image: ImageRef
        public var network: Int
        public var memory: Int64?
        public var pidsLimit: Int?
        public var privileged: Bool
        public var readonlyRootfs: Bool
        public var user: String
        public var capAdd: [String]
        public var publishedPort: Int?
        public var publishedOnLoopback: Bool
        public var envCount: Int
        public var secretEnv: Bool
        public var volume: Bool
        public var running: Bool
        public var created: Int
        /// Bumped on every in-place change, so a renderer may cache by (serial, revision).
        public var revision: Int
    }

    /// An image by its index (the tag `synthetic/app-<index>:latest`) and build generation.
    public struct ImageRef: Sendable, Hashable, Comparable {
        public var index: Int
        public var generation: Int
        public static func < (a: ImageRef, b: ImageRef) -> Bool { (a.index, a.generation) < (b.index, b.generation) }
    }

    /// What one step changed.
    public struct Changes: Sendable, Equatable {
        public var removed = 0
        public var added = 0
        public var limitsChanged = 0
        public var imagesReplaced = 0
        public var imagesRebuilt = 0
        /// Containers touched (each counted once).
        public var containersTouched: Int { removed + limitsChanged + imagesReplaced }
    }

    public let configuration: Configuration
    public private(set) var step = 0
    public private(set) var containers: [Container] = []
    /// Current build generation per image index.
    public private(set) var generations: [Int]
    private var nextSerial = 0

    public init(_ configuration: Configuration) {
        self.configuration = configuration
        generations = Array(repeating: 0, count: max(configuration.images, 1))
        var random = SyntheticRandom(seed: configuration.seed, stream: 0)
        for _ in 0..<configuration.containers {
            containers.append(makeContainer(&random, name: nil))
        }
    }

    /// The world after `step` steps of churn from the same seed.
    public init(_ configuration: Configuration, step: Int) {
        self.init(configuration)
        advance(to: step)
    }

    /// Images the engine holds: the current build of every index, plus older builds a
    /// container still uses (an engine keeps an image while a container references it).
    public var images: [ImageRef] {
        var set = Set(generations.indices.map { ImageRef(index: $0, generation: generations[$0]) })
        for container in containers { set.insert(container.image) }
        return set.sorted()
    }

    public mutating func advance(to target: Int) {
        while step < target { advance() }
    }

    /// Applies one step of churn: `round(churn × N)` distinct containers are each removed and
    /// replaced by a new one, get new limits, or are recreated (same name, new ID) on another
    /// image; and `round(churn × M)` images are rebuilt (a new ID for the same tag).
    @discardableResult
    public mutating func advance() -> Changes {
        step += 1
        var random = SyntheticRandom(seed: configuration.seed, stream: UInt64(step))
        var changes = Changes()
        let touched = Int((configuration.churn * Double(containers.count)).rounded())
        var picked = Set<Int>()
        while picked.count < min(touched, containers.count) { picked.insert(random.below(containers.count)) }
        for index in picked.sorted() {
            switch random.below(3) {
            case 0:
                containers[index] = makeContainer(&random, name: nil)
                changes.removed += 1
                changes.added += 1
            case 1:
                var c = containers[index]
                let before = (c.memory, c.pidsLimit)
                while (c.memory, c.pidsLimit) == before {
                    c.memory = Self.memoryChoices[random.below(Self.memoryChoices.count)]
                    c.pidsLimit = random.chance(0.5) ? 50 + random.below(8) * 50 : nil
                }
                c.revision += 1
                containers[index] = c
                changes.limitsChanged += 1
            default:
                let name = containers[index].name
                var replacement = makeContainer(&random, name: name)
                replacement.network = containers[index].network
                containers[index] = replacement
                changes.imagesReplaced += 1
            }
        }
        let rebuilt = Int((configuration.churn * Double(configuration.images)).rounded())
        var rebuiltIndexes = Set<Int>()
        while rebuiltIndexes.count < min(rebuilt, generations.count) { rebuiltIndexes.insert(random.below(generations.count)) }
        for index in rebuiltIndexes { generations[index] += 1 }
        changes.imagesRebuilt = rebuiltIndexes.count
        return changes
    }

    static let memoryChoices: [Int64?] = [nil, 64 << 20, 128 << 20, 256 << 20, 512 << 20, 1 << 30, 2 << 30]
    static let capabilities = ["NET_ADMIN", "SYS_PTRACE", "NET_RAW", "SYS_ADMIN"]

    private mutating func makeContainer(_ random: inout SyntheticRandom, name: String?) -> Container {
        let serial = nextSerial
        nextSerial += 1
        let imageIndex = random.below(generations.count)
        return Container(
            serial: serial,
            name: name ?? "app-\(serial)",
            image: ImageRef(index: imageIndex, generation: generations[imageIndex]),
            network: configuration.networks > 0 ? random.below(configuration.networks) : -1,
            memory: Self.memoryChoices[random.below(Self.memoryChoices.count)],
            pidsLimit: random.chance(0.6) ? 50 + random.below(8) * 50 : nil,
            privileged: random.chance(0.02),
            readonlyRootfs: random.chance(0.3),
            user: random.chance(0.5) ? "" : "\(1000 + random.below(100))",
            capAdd: random.chance(0.08) ? [Self.capabilities[random.below(Self.capabilities.count)]] : [],
            publishedPort: random.chance(0.15) ? 8000 + random.below(2000) : nil,
            publishedOnLoopback: random.chance(0.5),
            envCount: 3 + random.below(6),
            secretEnv: random.chance(0.1),
            volume: random.chance(0.2),
            running: random.chance(0.9),
            created: 1_795_000_000 + serial * 7 + step * 300,
            revision: 0)
    }
}
