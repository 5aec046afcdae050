import Foundation
@testable import PostureCollect

extension EngineValue {
    /// A Foundation JSON object (dictionaries, arrays, strings, numbers, NSNull) as the
    /// collectors read an engine answer: serialised, then parsed as a collect parses it.
    static func of(_ object: Any) throws -> EngineValue {
        try EngineValue.parse(JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed]))
    }

    /// `{}`.
    static let emptyObject = try! EngineValue.parse(Array("{}".utf8))
}
