/// One effective daemon setting, as written to `daemon_config`.
struct DaemonSetting: Sendable, Equatable {
    enum Source: String, Sendable {
        case flag
        case file
        case `default`
    }

    let key: String
    let value: String
    let source: Source
    /// The configuration file the value came from; `nil` for flags and defaults.
    let filePath: String?

    init(key: String, value: String, source: Source, filePath: String? = nil) {
        self.key = key
        self.value = value
        self.source = source
        self.filePath = filePath
    }

    /// The effective settings of several layers, highest priority first: the first layer that
    /// sets a key wins. Sorted by key.
    static func effective(_ layers: [[DaemonSetting]]) -> [DaemonSetting] {
        var chosen: [String: DaemonSetting] = [:]
        for layer in layers {
            for setting in layer where chosen[setting.key] == nil {
                chosen[setting.key] = setting
            }
        }
        return chosen.values.sorted { $0.key < $1.key }
    }
}
