import Foundation
import HTTPTypes
import RadarAccess
@testable import RadarServer
import RadarTestSupport
import Testing

@Suite("Roles × routes, from the OpenAPI document")
struct AccessMatrixTests {
    @Test func everyOperationDeclaresAPermissionTheServiceUnderstands() {
        #expect(DocumentedOperation.all.count >= 35)
        for operation in DocumentedOperation.all {
            #expect(operation.permission != nil, "\(operation) declares no x-radar-permission")
            #expect(Contract.requirements[operation.id] != nil, "\(operation): permission not understood")
        }
    }

    @Test func everyDisallowedPairIs403AndEveryOtherOrganisationIs404() async throws {
        let fixture = try await ServerFixture.make("matrix")
        try await fixture.withClient { client in
            for operation in DocumentedOperation.all where operation.isOrganisationScoped {
                guard case .permission(let permission) = try #require(Contract.requirements[operation.id]) else {
                    Issue.record("\(operation) is inside an organisation but public")
                    continue
                }
                let body = operation.method == .get ? nil : "{}"
                for member in [fixture.admin, fixture.hr, fixture.viewer] {
                    let answer = try await client.send(
                        operation.method, operation.concretePath(org: fixture.org.slug), as: member, json: body)
                    if member.role.allows(permission) {
                        #expect(answer.status != 403, "\(member.role) \(operation): \(answer.text)")
                        #expect(answer.status < 500, "\(member.role) \(operation): \(answer.text)")
                    } else {
                        #expect(answer.status == 403, "\(member.role) \(operation): \(answer.status)")
                    }
                }
                let foreign = try await client.send(
                    operation.method, operation.concretePath(org: fixture.org.slug), as: fixture.outsider, json: body)
                #expect(foreign.status == 404, "outsider \(operation): \(foreign.status)")
            }
        }
    }
}
