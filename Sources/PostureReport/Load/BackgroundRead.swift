import Dispatch
import PostureStore

/// Runs a read on its own read-only connection to the same database file, on another thread,
/// while the caller goes on with its own connection; ``value()`` waits for it.
///
/// A distant `report --diff` reads the findings (a third of its time) and the fact tables (as
/// much again) independently of each other; on two cores they overlap. Both connections read
/// committed snapshots only and every query is bounded by the snapshot ids it was given, so a
/// collect committing between the two reads changes neither answer.
final class BackgroundRead<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(path: String, _ body: @escaping @Sendable (ReadOnlyDatabase) throws -> Value) {
        DispatchQueue.global().async { [self] in
            result = Result { try body(try ReadOnlyDatabase(path: path)) }
            done.signal()
        }
    }

    /// The read's value, or the error it threw; waits until it is done.
    func value() throws -> Value {
        done.wait()
        done.signal()  // a second call returns at once
        return try result!.get()
    }
}
