import Foundation
import Testing
@testable import PostureHost

/// The daemon found at the last snapshot is checked first: on a real dockerd (as
/// RealEngineTests), it is found again without reading every process's name, and a last pid
/// that no longer serves the socket changes nothing.
@Suite(.enabled(if: realDockerSocket() != nil, "no POSTURE_TEST_DOCKER_SOCKET or unix:// DOCKER_HOST"))
struct DaemonLocatorLastPIDTests {
    func locate(lastPID: Int?) throws -> (DaemonLocator.Found, scanned: Bool) {
        let socket = try #require(realDockerSocket())
        let context = HostContext(files: HostFiles())
        let found = try DaemonLocator(context: context).locate(
            kind: "docker", socket: socket, socketOwner: nil, hint: nil, lastPID: lastPID)
        return (found, context.processNamesRead)
    }

    @Test func theLastDaemonStillServingIsFoundWithoutReadingEveryProcess() throws {
        let (first, scanned) = try locate(lastPID: nil)
        #expect(scanned)
        #expect(first.via == "socket")
        let (again, scannedAgain) = try locate(lastPID: first.process.pid)
        #expect(!scannedAgain)
        #expect(again.process.pid == first.process.pid && again.via == "socket")
    }

    @Test("a last pid that is gone, or is another process, is passed over", arguments: [1, Int(Int32.max)])
    func aLastPIDNotServingTheSocketIsPassedOver(lastPID: Int) throws {
        let (expected, _) = try locate(lastPID: nil)
        let (found, scanned) = try locate(lastPID: lastPID)
        #expect(scanned)
        #expect(found.process.pid == expected.process.pid && found.via == expected.via)
    }
}
