import Foundation
import Hummingbird
import NIOCore

/// An API error: an HTTP status with a JSON body naming a code, a message and the field at fault.
///
/// Body: `{"error": {"code": "invalid_field", "message": "…", "field": "scope"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// The response status.
    public var status: HTTPResponse.Status
    /// A stable, snake_case code.
    public var code: String
    /// What went wrong, for a human.
    public var message: String
    /// The request field at fault, if one is.
    public var field: String?
    /// The problems of a rejected plan, with their positions.
    public var problems: [PlanProblemBody]?

    /// An error with `status`, `code` and `message`.
    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    /// A plan problem in an error body.
    public struct PlanProblemBody: Codable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?
            var problems: [PlanProblemBody]?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)
                try container.encodeIfPresent(problems, forKey: .problems)
            }

            enum CodingKeys: String, CodingKey { case code, message, field, problems }
        }

        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message, field: field, problems: problems))
        var response = try JSON.response(body, status: status)
        if status == .unauthorized {
            response.headers[.wwwAuthenticate] = "Bearer"
        }
        return response
    }

    /// 400: a field is missing.
    static func missing(_ field: String) -> APIError {
        APIError(.badRequest, code: "missing_field", "\(field) is required", field: field)
    }

    /// 400: a field has a value the API does not take.
    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_field", message, field: field)
    }

    /// 404: no such resource.
    static func notFound(_ message: String, field: String? = nil) -> APIError {
        APIError(.notFound, code: "not_found", message, field: field)
    }

    /// 409: the request does not fit the run's state.
    static func conflict(_ message: String, field: String? = nil) -> APIError {
        APIError(.conflict, code: "conflict", message, field: field)
    }

    /// The API error for a framework error (unknown route, wrong method, oversized body).
    static func from(_ error: HTTPError) -> APIError {
        switch error.status {
        case .notFound: APIError(.notFound, code: "not_found", "no such route")
        case .methodNotAllowed: APIError(.methodNotAllowed, code: "method_not_allowed", "this route does not take that method")
        case .contentTooLarge: APIError(.contentTooLarge, code: "payload_too_large", "the request body is larger than \(JSON.maximumBody) bytes")
        case .serviceUnavailable: APIError(.serviceUnavailable, code: "unavailable", error.body ?? "the server is unavailable")
        default:
            error.status.code >= 500
                ? APIError(.internalServerError, code: "internal", "the server failed to answer; see its log")
                : APIError(error.status, code: "bad_request", error.body ?? error.status.reasonPhrase)
        }
    }
}

/// JSON bodies in and out.
enum JSON {
    /// The largest request body the API reads.
    static let maximumBody = 1 << 20

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// A JSON response of `value`.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// The body of a request that must be `application/json`.
    private static func jsonBody(of request: Request) async throws -> Data {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", "the body must be application/json")
        }
        return try await body(of: request)
    }

    private static func parse<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch {
            throw APIError(.badRequest, code: "invalid_json", "the body is not valid JSON")
        }
    }

    /// The request's body, at most ``maximumBody`` bytes.
    static func body(of request: Request) async throws -> Data {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maximumBody)
            return Data(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.from(error)
        } catch is NIOTooManyBytesError {
            throw APIError.from(HTTPError(.contentTooLarge))
        }
    }

    private static func describe(_ error: DecodingError) -> APIError {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return APIError.missing(path(context.codingPath, key))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return APIError.invalid(path(context.codingPath), "\(path(context.codingPath)): \(context.debugDescription)")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return APIError(.badRequest, code: "invalid_json", "the body is not valid JSON")
        case .dataCorrupted(let context):
            return APIError.invalid(path(context.codingPath), "\(path(context.codingPath)): \(context.debugDescription)")
        @unknown default:
            return APIError(.badRequest, code: "invalid_json", "the body could not be read")
        }
    }
}

extension JSON {
    /// The request's body as a JSON object whose keys are all in `allowed`, decoded as `type`;
    /// an unknown key is a 400 naming it.
    static func decode<Value: Decodable>(
        _ type: Value.Type, from request: Request, context: some RequestContext, allowing allowed: Set<String>
    ) async throws -> Value {
        let data = try await jsonBody(of: request)
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw APIError(.badRequest, code: "invalid_json", "the body is not valid JSON")
        }
        guard let fields = object as? [String: Any] else {
            throw APIError(.badRequest, code: "invalid_json", "the body must be a JSON object")
        }
        if let unknown = Set(fields.keys).subtracting(allowed).sorted().first {
            throw APIError.invalid(unknown, "unknown field '\(unknown)'")
        }
        return try parse(type, from: data)
    }
}
