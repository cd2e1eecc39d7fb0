import CutoverPrometheus
import Foundation
import Testing

@Suite("Prometheus API responses")
struct PrometheusResultTests {
    func parse(_ body: String, status: UInt = 200) throws(PrometheusError) -> PrometheusResult {
        try PrometheusResult.parse(Data(body.utf8), httpStatus: status)
    }

    @Test("a vector keeps each series' labels and value; its total adds the finite ones")
    func vector() throws {
        let result = try parse("""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"le":"0.05"},"value":[1700000000.5,"12.5"]},
              {"metric":{"le":"+Inf"},"value":[1700000000.5,"20"]},
              {"metric":{"le":"0.1"},"value":[1700000000.5,"NaN"]}]},"warnings":["x"]}
            """)
        guard case .vector(let elements) = result else {
            Issue.record("not a vector: \(result)")
            return
        }
        #expect(elements.map { $0.labels["le"] } == ["0.05", "+Inf", "0.1"])
        #expect(elements[1].value == 20)
        #expect(elements[2].value.isNaN)
        #expect(result.total == 32.5)
    }

    @Test("a scalar is its value")
    func scalar() throws {
        let result = try parse(#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"0.25"]}}"#)
        #expect(result == .scalar(0.25))
        #expect(result.total == 0.25)
    }

    @Test("an empty vector, or only NaN, is no data — not zero")
    func empty() throws {
        #expect(try parse(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#).total == nil)
        #expect(try parse(#"{"status":"success","data":{"resultType":"scalar","result":[1,"NaN"]}}"#).total == nil)
    }

    @Test("failures have codes", arguments: [
        (#"{"status":"error","errorType":"bad_data","error":"parse error at char 5"}"#, UInt(400), PrometheusError.Code.queryFailed, "bad_data: parse error at char 5"),
        (#"{"status":"error","errorType":"timeout","error":"query timed out"}"#, 503, .queryFailed, "timeout: query timed out"),
        ("<html>Bad Gateway</html>", 502, .httpStatus, "HTTP 502"),
        ("{not json", 200, .malformedResponse, "not a Prometheus API response"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}}"#, 200, .malformedResponse, "not a Prometheus API response"),
        (#"{"status":"success"}"#, 200, .malformedResponse, "without data"),
        (#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#, 200, .unsupportedResult, "a matrix result"),
    ])
    func failures(_ body: String, _ status: UInt, _ code: PrometheusError.Code, _ message: String) {
        do {
            let result = try parse(body, status: status)
            Issue.record("parsed \(result)")
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(message), "\(error)")
        }
    }
}
