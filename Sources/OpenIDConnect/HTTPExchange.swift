import Foundation
import OutgoingHTTP

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The provider's three HTTP requests (discovery, keys, token), with a time limit, no cookies, no cache and no
/// redirect followed: a secret is sent only to the address the discovery document named.
enum HTTPExchange {
    static func get(_ url: URL, timeout: TimeInterval) async throws -> Data {
        var request = URLRequest(url: url)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        return try await send(request, timeout: timeout, refusal: { OpenIDError.provider($0) })
    }

    /// POSTs a form; a 4xx answer's OAuth `error` words become `.refused`.
    static func postForm(
        _ url: URL, _ parameters: [(String, String)], basicAuthorization: (String, String), timeout: TimeInterval
    ) async throws -> Data {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
        let credentials = FormEncoding.escape(basicAuthorization.0) + ":" + FormEncoding.escape(basicAuthorization.1)
        request.setValue(
            "Basic " + Data(credentials.utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        request.httpBody = Data(FormEncoding.encode(parameters).utf8)
        return try await send(request, timeout: timeout, refusal: { OpenIDError.refused($0) })
    }

    private static func send(
        _ request: URLRequest, timeout: TimeInterval, refusal: (String) -> OpenIDError
    ) async throws -> Data {
        var request = request
        request.timeoutInterval = timeout.rounded(.up)
        request.setValue("commitment-radar", forHTTPHeaderField: "User-Agent")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw OpenIDError.provider("\(request.url!) could not be reached: \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            if (400..<500).contains(status),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let error = object["error"] as? String
            {
                let detail = (object["error_description"] as? String).map { "\(error): \($0)" } ?? error
                throw refusal(String(detail.prefix(300)))
            }
            throw OpenIDError.provider("\(request.url!) answered \(status)")
        }
        return data
    }

    private static let session = OutgoingHTTP.refusingRedirects
}
