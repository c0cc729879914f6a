import RadarDomain
import Testing

@Suite("Field paths: one canonical form, spelled by each edge")
struct FieldPathTests {
    @Test("the canonical text reads back into the same steps")
    func canonicalTextRoundTrips() {
        let path = FieldPath("participants[2].email")
        #expect(path.steps == [.name("participants"), .index(2), .name("email")])
        #expect(path.description == "participants[2].email")
        #expect(FieldPath("fears").at(0).appending("raisedOn") == "fears[0].raisedOn")
        #expect(path.names == ["participants", "email"] && path.positions == [2])
    }

    @Test(
        "camel-case names become an edge's words; other names are left as they are",
        arguments: [
            ("initiatedBy", "initiated_by"), ("hrOwner", "hr_owner"), ("kind", "kind"),
            ("time-zone", "time-zone"), ("RADAR_PORT", "RADAR_PORT"), ("f0_email", "f0_email"),
            ("/tmp/radar-8322-B9DCAC9D/nowhere", "/tmp/radar-8322-B9DCAC9D/nowhere"),
        ])
    func wordsOfAName(name: String, snake: String) {
        #expect(FieldPath.words(of: name, joinedBy: "_") == snake)
    }

    @Test("a problem carries its path, and says it in the canonical form")
    func problemsCarryThePath() {
        let problem = ValidationProblem(field: FieldPath("commitments").at(1).appending("dueOn"), message: "is odd")
        #expect(problem.field == "commitments[1].dueOn")
        #expect(problem.description == "commitments[1].dueOn: is odd")
        #expect(problem.field.spelled { FieldPath.words(of: $0, joinedBy: "_") } == "commitments[1].due_on")
    }
}
