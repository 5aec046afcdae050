import Foundation
import PostureFacts
import Testing

@Suite("lowercase hex")
struct HexTests {
    @Test("every byte is written as String(format: \"%02x\") writes it")
    func matchesFormat() {
        let bytes = (0...255).map(UInt8.init)
        #expect(bytes.lowercaseHex == bytes.map { String(format: "%02x", $0) }.joined())
        #expect([UInt8]().lowercaseHex == "")
        #expect(Data([0x00, 0x0f, 0xa5, 0xff]).lowercaseHex == "000fa5ff")
    }
}
