import Dispatch
import PostureStore

/// Runs a piece of work on another thread while the caller goes on; ``value()`` waits for it.
///
/// `report` loads the check catalogue this way while it opens the database and reads the diff's
/// fact tables, and a diff reads its findings this way (``backgroundRead(path:_:)``).
public final class Background<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    public init(_ body: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            result = Result { try body() }
            done.signal()
        }
    }

    /// A value already at hand (no thread is started).
    public init(done value: Value) {
        result = .success(value)
        done.signal()
    }

    /// The work's value, or the error it threw; waits until it is done. May be called again.
    public func value() throws -> Value {
        done.wait()
        done.signal()  // the next call returns at once
        return try result!.get()
    }
}

/// Runs a read on its own read-only connection to the same database file, on another thread,
/// while the caller goes on with its own connection.
///
/// A distant `report --diff` reads the findings (a third of its time) and the fact tables (as
/// much again) independently of each other; on two cores they overlap. Both connections read
/// committed snapshots only and every query is bounded by the snapshot ids it was given, so a
/// collect committing between the two reads changes neither answer.
func backgroundRead<Value: Sendable>(
    path: String, _ body: @escaping @Sendable (ReadOnlyDatabase) throws -> Value
) -> Background<Value> {
    Background { try body(try ReadOnlyDatabase(path: path)) }
}
