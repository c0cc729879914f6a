import Foundation
import Postgres
import RadarDomain

/// Deterministic synthetic history at organisation scale, for benchmarks and load tests: people in tiers, a
/// contact cadence by tier, leaders whose engagement drifts away, fears that open and close, commitments kept
/// and missed, and a rolling programme. The same seed, size and end instant always give the same rows.
public struct SyntheticHistory {
    /// What to generate.
    public struct Plan: Sendable {
        public var stakeholders: Int
        public var weeks: Int
        public var seed: UInt64
        /// The instant the history ends at; every generated event lies before it.
        public var until: Date

        public init(stakeholders: Int, weeks: Int, seed: UInt64, until: Date) {
            self.stakeholders = stakeholders
            self.weeks = weeks
            self.seed = seed
            self.until = until
        }

        /// Problems with the plan, each naming its option.
        public func problems() -> [ValidationProblem] {
            var problems: [ValidationProblem] = []
            if !(10...200_000).contains(stakeholders) {
                problems.append(ValidationProblem(field: "stakeholders", message: "must be between 10 and 200000"))
            }
            if !(1...520).contains(weeks) {
                problems.append(ValidationProblem(field: "weeks", message: "must be between 1 and 520"))
            }
            return problems
        }
    }

    /// How many rows of each kind were written.
    public struct Summary: Sendable, Equatable {
        public var stakeholders = 0
        public var conversations = 0
        public var participations = 0
        public var guidelineLinks = 0
        public var fears = 0
        public var commitments = 0
        public var initiatives = 0
        public var priorities = 0
        /// The truths planted among the top team, one per member.
        public var labels: [SyntheticLabel] = []
    }

    let tx: TenantTransaction
    let plan: Plan

    public init(_ tx: TenantTransaction, plan: Plan) {
        self.tx = tx
        self.plan = plan
    }

    /// Generates the whole history and loads it with COPY; one transaction with the caller's.
    public func populate() throws -> Summary {
        let problems = plan.problems()
        if !problems.isEmpty { throw ValidationFailure(problems) }
        var world = SyntheticWorld(plan: plan)
        world.generate()
        var summary = try SyntheticLoad(tx: tx, world: world).run()
        summary.labels = world.labels(in: tx.organisation.zone)
        return summary
    }
}

/// The generated organisation in compact form, before it becomes rows.
struct SyntheticWorld {
    struct Person {
        var id: UUID
        var tier: String
        var role: String
        var function: String
        var influence: Int
        var interest: Int
        /// Engagement on the 1…5 scale at the start of the history.
        var engagement: Int
        var desired: Int
        /// A leader whose support fades over the period: seen less, declining more, engaging less.
        var drifting: Bool
        /// For a top-team member, the planted truth their contacts follow; they take part in nothing else.
        var planted: SyntheticWorld.Planted? = nil
        var isLeader: Bool { tier == "top_team" || tier == "senior_leader" }
    }

    struct Participation {
        var person: Int32
        var attendance: UInt8
        /// Observed engagement 1…5, or 0 when none was noted.
        var engagement: UInt8
    }

    struct Conversation {
        var id: UUID
        var occurredAt: Date
        var kind: UInt8
        var initiator: Int32
        var participants: [Participation]
        var guidelines: UInt16
    }

    struct Fear {
        var id: UUID
        var person: Int32
        var conversation: Int32
        var category: UInt8
        var severity: UInt8
        var status: UInt8
        var raisedOn: Date
        var resolvedOn: Date?
    }

    struct Commitment {
        var id: UUID
        var owner: Int32
        var conversation: Int32
        var madeOn: Date
        var dueOn: Date
        var status: UInt8
        var doneOn: Date?
    }

    struct Initiative {
        var id: UUID
        var number: Int
        var kind: String
        var owner: Int32
        var startsOn: Date
        var endsOn: Date
        var status: String
        var outcome: String?
    }

    static let functions = [
        "Operations", "Finance", "Sales", "Marketing", "Technology", "People", "Supply chain",
        "Legal",
    ]
    static let kinds = ["one_to_one", "group", "presentation", "workshop", "email", "informal"]
    static let attendances = ["attended", "declined", "delegated", "no_show"]
    static let levels = ["unaware", "resistant", "neutral", "supportive", "leading"]
    static let fearCategories = [
        "time", "exposure", "capability", "control", "cost", "results", "fit", "fatigue",
        "confidentiality", "other",
    ]
    static let fearSeverities = ["low", "medium", "high"]
    static let fearStatuses = ["open", "addressing", "resolved", "dismissed"]
    static let commitmentStatuses = ["open", "done", "dropped"]
    static let firstNames = [
        "Alex", "Sam", "Jordan", "Priya", "Tomasz", "Aisha", "Wei", "Maria", "Kofi", "Ingrid",
        "Mateo", "Hana", "Oluwaseun", "Freya", "Ravi", "Chloe",
    ]
    static let lastNames = [
        "Okafor", "Lindqvist", "Haddad", "Moreau", "Kowalski", "Tanaka", "Byrne", "Silva",
        "Mensah", "Novak", "Reyes", "Fischer", "Patel", "Dubois", "Ahmed", "Walsh",
    ]

    let plan: SyntheticHistory.Plan
    var random: SeededGenerator
    var people: [Person] = []
    var conversations: [Conversation] = []
    var fears: [Fear] = []
    var commitments: [Commitment] = []
    var initiatives: [Initiative] = []

    init(plan: SyntheticHistory.Plan) {
        self.plan = plan
        random = SeededGenerator(seed: plan.seed)
    }

    static let day: TimeInterval = 86_400

    var start: Date { plan.until.addingTimeInterval(-Double(plan.weeks) * 7 * Self.day) }

    mutating func generate() {
        generatePeople()
        generateConversations()
        generatePlantedContacts()
        generateInitiatives()
    }

    private mutating func generatePeople() {
        let count = plan.stakeholders
        let perPattern = max(1, min(max(4, count / 800), count / 32))
        let topTeam = perPattern * SyntheticPattern.allCases.count
        let hr = max(3, count / 200)
        let senior = count * 4 / 100
        let lineManagers = count / 4
        for index in 0..<count {
            let tier =
                switch index {
                case ..<topTeam: "top_team"
                case ..<(topTeam + hr): "hr"
                case ..<(topTeam + hr + senior): "senior_leader"
                case ..<(topTeam + hr + senior + lineManagers): "line_manager"
                default: "other"
                }
            let leader = tier == "top_team" || tier == "senior_leader"
            let role: String =
                if index == 0 {
                    "sponsor"
                } else if leader {
                    random.weighted([("champion", 0.25), ("potential_champion", 0.2), ("stakeholder", 0.55)])
                } else {
                    "stakeholder"
                }
            people.append(
                Person(
                    id: random.uuid(), tier: tier, role: role,
                    function: Self.functions[index % Self.functions.count],
                    influence: leader ? Int.random(in: 3...5, using: &random) : Int.random(in: 1...3, using: &random),
                    interest: Int.random(in: 1...5, using: &random),
                    engagement: leader ? Int.random(in: 3...5, using: &random) : Int.random(in: 2...4, using: &random),
                    desired: leader ? 5 : 4,
                    drifting: tier == "senior_leader" && random.chance(0.25)))
            if tier == "top_team" {
                let pattern = SyntheticPattern.allCases[index % SyntheticPattern.allCases.count]
                people[index].planted = plant(pattern)
                // What the record says of them is true of a willing leader: their function has a business case,
                // and the level assessed is the one they are seen at before any drift.
                people[index].function = Self.functions[index % (Self.functions.count - 2)]
                people[index].engagement = people[index].planted!.level
            }
        }
    }

    private mutating func generateConversations() {
        // Planted leaders take part only in the conversations their pattern gives them.
        let leaders = people.indices.filter { people[$0].isLeader && people[$0].planted == nil }.map(Int32.init)
        let hrPeople = people.indices.filter { people[$0].tier == "hr" }.map(Int32.init)
        let everyone = Int32(people.count)
        // About two participations per person per week: roughly a million for 10 000 people over a year.
        let perWeek = max(1, plan.stakeholders * 2 / 5)
        for week in 0..<plan.weeks {
            let progress = Double(week) / Double(max(1, plan.weeks - 1))
            let monday = start.addingTimeInterval(Double(week) * 7 * Self.day)
            for _ in 0..<perWeek {
                let kind = random.weighted([(UInt8(0), 0.40), (1, 0.25), (2, 0.10), (3, 0.15), (4, 0.05), (5, 0.05)])
                let size =
                    switch kind {
                    case 1: Int.random(in: 3...8, using: &random)
                    case 2: Int.random(in: 5...12, using: &random)
                    case 3: Int.random(in: 6...15, using: &random)
                    default: 2
                    }
                let host = hrPeople[Int.random(in: 0..<hrPeople.count, using: &random)]
                var chosen: [Int32] = [host]
                var attempts = 0
                while chosen.count < size && attempts < size * 4 {
                    attempts += 1
                    let candidate =
                        random.chance(0.35) && !leaders.isEmpty
                        ? leaders[Int.random(in: 0..<leaders.count, using: &random)]
                        : Int32.random(in: 0..<everyone, using: &random)
                    // Drifting leaders are asked less and less as the period goes on.
                    if people[Int(candidate)].planted != nil { continue }
                    if people[Int(candidate)].drifting && random.chance(0.7 * progress) { continue }
                    if !chosen.contains(candidate) { chosen.append(candidate) }
                }
                let participants = chosen.map { participation(of: $0, progress: progress) }
                let leaderInitiated = chosen.dropFirst().first { people[Int($0)].role == "champion" }
                let initiator = leaderInitiated.flatMap { random.chance(0.3) ? $0 : nil } ?? host
                var guidelines: UInt16 = 0
                for _ in 0..<Int.random(in: 0...3, using: &random) {
                    guidelines |= 1 << UInt16.random(in: 0..<12, using: &random)
                }
                let occurredAt = monday.addingTimeInterval(
                    Double(Int.random(in: 0..<5, using: &random)) * Self.day
                        + Double(Int.random(in: 8 * 3_600..<18 * 3_600, using: &random)))
                let index = Int32(conversations.count)
                conversations.append(
                    Conversation(
                        id: random.uuid(), occurredAt: occurredAt, kind: kind, initiator: initiator,
                        participants: participants, guidelines: guidelines))
                generateFearsAndCommitments(conversation: index, participants: participants, on: occurredAt)
            }
        }
    }

    private mutating func participation(of person: Int32, progress: Double) -> Participation {
        let who = people[Int(person)]
        let declineChance = who.drifting ? 0.1 + 0.5 * progress : 0.05
        let attendance: UInt8 =
            random.chance(declineChance)
            ? random.weighted([(UInt8(1), 0.5), (2, 0.3), (3, 0.2)]) : 0
        var engagement: UInt8 = 0
        if attendance == 0 && random.chance(0.5) {
            let drift = who.drifting ? -2.5 * progress : 0
            let level = Double(who.engagement) + drift + Double(Int.random(in: -1...1, using: &random)) * 0.5
            engagement = UInt8(min(5, max(1, level.rounded())))
        }
        return Participation(person: person, attendance: attendance, engagement: engagement)
    }

    private mutating func generateFearsAndCommitments(conversation: Int32, participants: [Participation], on day: Date)
    {
        for participant in participants
        where participant.attendance == 0 && people[Int(participant.person)].isLeader
            && random.chance(0.02)
        {
            var fear = Fear(
                id: random.uuid(), person: participant.person, conversation: conversation,
                category: UInt8.random(in: 0..<UInt8(Self.fearCategories.count), using: &random),
                severity: random.weighted([(UInt8(0), 0.3), (1, 0.5), (2, 0.2)]), status: 0, raisedOn: day)
            let closesOn = day.addingTimeInterval(Double(Int.random(in: 7...70, using: &random)) * Self.day)
            if random.chance(0.6) && closesOn < plan.until {
                fear.status = random.chance(0.9) ? 2 : 3
                fear.resolvedOn = closesOn
            } else if random.chance(0.3) {
                fear.status = 1
            }
            fears.append(fear)
        }
        guard random.chance(0.06) else { return }
        let owner =
            random.chance(0.4)
            ? participants[0].person
            : participants[Int.random(in: 0..<participants.count, using: &random)].person
        let dueOn = day.addingTimeInterval(Double(Int.random(in: 14...42, using: &random)) * Self.day)
        var commitment = Commitment(
            id: random.uuid(), owner: owner, conversation: conversation, madeOn: day,
            dueOn: dueOn, status: 0)
        if dueOn < plan.until {
            let outcome = random.weighted([(UInt8(1), 0.7), (2, 0.1), (0, 0.2)])
            commitment.status = outcome
            if outcome == 1 {
                commitment.doneOn = max(
                    day,
                    dueOn.addingTimeInterval(
                        -Double(Int.random(in: 0...10, using: &random))
                            * Self.day))
            }
        }
        commitments.append(commitment)
    }

    private mutating func generateInitiatives() {
        let perQuarter = max(2, plan.stakeholders / 2_000)
        let quarters = max(1, (plan.weeks + 12) / 13)
        let leaders = people.indices.filter { people[$0].isLeader }
        for quarter in 0..<quarters {
            let quarterStart = start.addingTimeInterval(Double(quarter) * 91 * Self.day)
            for _ in 0..<perQuarter {
                let kind = random.weighted([
                    ("pilot", 0.25), ("training", 0.35), ("peer_coaching", 0.15),
                    ("action_learning_set", 0.1), ("workshop", 0.1), ("communication", 0.05),
                ])
                let startsOn = quarterStart.addingTimeInterval(
                    Double(Int.random(in: 0..<60, using: &random)) * Self.day)
                let endsOn = startsOn.addingTimeInterval(Double(Int.random(in: 28...120, using: &random)) * Self.day)
                let status = endsOn < plan.until ? "done" : startsOn < plan.until ? "running" : "planned"
                let outcome = status == "done" && random.chance(0.5) ? "Measured change recorded" : nil
                let owner =
                    leaders.isEmpty ? Int32(0) : Int32(leaders[Int.random(in: 0..<leaders.count, using: &random)])
                initiatives.append(
                    Initiative(
                        id: random.uuid(), number: initiatives.count + 1, kind: kind, owner: owner, startsOn: startsOn,
                        endsOn: endsOn, status: status, outcome: outcome))
            }
        }
    }
}
