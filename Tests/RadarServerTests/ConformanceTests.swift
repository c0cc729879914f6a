import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("The running service conforms to its OpenAPI document")
struct ConformanceTests {
    @Test func everyDocumentedOperationIsRoutedAndAnswersADocumentedStatus() async throws {
        let fixture = try await ServerFixture.make("conform")
        try await fixture.withClient { client in
            for operation in DocumentedOperation.all {
                let body = operation.method == .get ? nil : "{}"
                let answer = try await client.send(
                    operation.method, operation.concretePath(org: fixture.org.slug), as: fixture.admin, json: body)
                #expect(
                    answer.json["detail"] as? String != "There is nothing at this path.", "\(operation) is not routed")
                #expect(answer.status != 405, "\(operation) is not routed for its method")
                #expect(
                    operation.statuses.contains(answer.status),
                    "\(operation) answered \(answer.status), documented \(operation.statuses.sorted()): \(answer.text)")
                #expect(answer.headers[.cacheControl] == "no-store")
            }
        }
    }

    @Test func theDocumentIsServedOverASocketAsTheBinaryCarriesIt() async throws {
        let fixture = try await ServerFixture.make("live")
        try await fixture.withClient(.live) { client in
            let document = try await client.send(.get, "/api/v1/openapi.yaml")
            #expect(document.status == 200)
            #expect(document.text == Contract.text)
            #expect(document.text.hasPrefix("openapi: 3.1"))
            let health = try await client.send(.get, "/healthz")
            #expect(health.status == 200)
            let ready = try await client.send(.get, "/readyz")
            #expect(ready.status == 200, "\(ready.text)")
        }
    }
}
