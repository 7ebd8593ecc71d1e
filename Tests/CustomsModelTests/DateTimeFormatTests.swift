import CustomsModel
import Testing

@Suite("UN/EDIFACT 2379 date formats")
struct DateTimeFormatTests {
    @Test("102 is a calendar date")
    func calendarDate() throws {
        let format = try #require(DateTimeFormat(code: "102", pattern: "CCYYMMDD"))
        #expect(format.accepts("20240229"))
        #expect(!format.accepts("20230229"))  // not a leap year
        #expect(!format.accepts("20241301"))
        #expect(!format.accepts("2024010"))
        #expect(!format.accepts("202401011"))
        #expect(!format.accepts("2024-01-01"))
    }

    @Test("304 is a date and time with a zone, as UK CDS writes it")
    func dateTimeWithZone() throws {
        let format = try #require(DateTimeFormat(code: "304", pattern: "CCYYMMDDHHMMSSZZZ"))
        #expect(format.fields == [.century4, .month, .day, .hour, .minute, .second, .zone])
        #expect(format.accepts("20251111142015Z"))
        #expect(format.accepts("20251111142015+0100"))
        #expect(format.accepts("20251111142015-05"))
        #expect(!format.accepts("20251111246015Z"))
        #expect(!format.accepts("20251111142015"))
        #expect(!format.accepts("20251111142015X"))
    }

    @Test("patterns it cannot read are refused")
    func badPatterns() {
        #expect(DateTimeFormat(code: "718", pattern: "CCYYMMDD-CCYYMMDD") == nil)
        #expect(DateTimeFormat(code: "0", pattern: "") == nil)
    }
}
