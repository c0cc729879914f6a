import Foundation
import Postgres
import RadarDomain

/// An invented organisation with six months of history, written so that some guidelines are visibly broken
/// (a finance director gone quiet, a group ask before one-to-ones, HR presenting before any champion, a pilot
/// with no outcome, a programme of courses, HR carrying the actions, an action learning set that stopped
/// meeting, a top-team member with no coaching goal and one whose goal nobody has reviewed) while the sponsor and
/// two champions, who coach each other in a peer trio that meets as agreed, stay healthy. Every date is relative to the `asOf` instant, so the demo always looks current.
public struct DemoOrganisation {
    let tx: TenantTransaction
    let asOf: Date

    public init(_ tx: TenantTransaction, asOf: Date) {
        self.tx = tx
        self.asOf = asOf
    }

    /// People of the demo: name, e-mail, title, tier, role, function, influence, interest, engagement, desired.
    public static let people: [StakeholderDraft] = [
        .init(
            name: "Maya Okafor", email: "maya.okafor@harbourline.example", title: "Chief Executive",
            tier: "top_team", role: "sponsor", function: "executive", influence: 5, interest: 5,
            engagement: "leading", desiredEngagement: "leading"),
        .init(
            name: "Tom Brennan", email: "tom.brennan@harbourline.example", title: "Finance Director",
            tier: "top_team", role: "stakeholder", function: "finance", influence: 5, interest: 2,
            engagement: "neutral", desiredEngagement: "supportive"),
        .init(
            name: "Priya Nair", email: "priya.nair@harbourline.example", title: "Operations Director",
            tier: "top_team", role: "stakeholder", function: "operations", influence: 4, interest: 4,
            engagement: "neutral", desiredEngagement: "leading"),
        .init(
            name: "Lars Eriksen", email: "lars.eriksen@harbourline.example", title: "Chief Information Officer",
            tier: "top_team", role: "stakeholder", function: "it", influence: 4, interest: 3,
            engagement: "resistant", desiredEngagement: "supportive"),
        .init(
            name: "Sofia Marquez", email: "sofia.marquez@harbourline.example", title: "Head of Sales",
            tier: "senior_leader", role: "potential_champion", function: "sales", influence: 3, interest: 4,
            engagement: "supportive", desiredEngagement: "leading"),
        .init(
            name: "Ben Carter", email: "ben.carter@harbourline.example", title: "Warehouse Manager",
            tier: "line_manager", role: "champion", function: "operations", influence: 2, interest: 5,
            engagement: "leading", desiredEngagement: "leading"),
        .init(
            name: "Aisha Rahman", email: "aisha.rahman@harbourline.example", title: "Regional Sales Manager",
            tier: "line_manager", role: "champion", function: "sales", influence: 2, interest: 5,
            engagement: "supportive", desiredEngagement: "leading"),
        .init(
            name: "Helen Ward", email: "helen.ward@harbourline.example", title: "HR Business Partner",
            tier: "hr", role: "stakeholder", function: "hr", influence: 3, interest: 5,
            engagement: "leading", desiredEngagement: "leading"),
        .init(
            name: "Omar Said", email: "omar.said@harbourline.example", title: "Learning and Development Lead",
            tier: "hr", role: "stakeholder", function: "hr", influence: 2, interest: 5,
            engagement: "leading", desiredEngagement: "leading"),
    ]

    private func email(_ first: String) -> String {
        Self.people.first { $0.email.hasPrefix(first.lowercased() + ".") }!.email
    }

    private func daysAgo(_ days: Int, hour: Int = 10) -> Date {
        let zone = tx.organisation.zone
        let day = CalendarDate(asOf, in: zone).adding(days: -days)
        return day.date(in: zone).addingTimeInterval(TimeInterval(hour * 3600))
    }

    private func day(_ daysFromNow: Int) -> CalendarDate {
        CalendarDate(asOf, in: tx.organisation.zone).adding(days: daysFromNow)
    }

    /// Writes the whole demo into the current organisation; returns how many conversations were recorded.
    @discardableResult
    public func populate() throws -> Int {
        let stakeholders = Stakeholders(tx)
        for person in Self.people { try stakeholders.add(person) }

        var recorded = 0
        let conversations = Conversations(tx)
        func record(
            _ days: Int, _ kind: Word<ConversationKind>, by initiator: String,
            with people: [(String, Word<Attendance>, Word<EngagementLevel>?)],
            guidelines: [Word<GuidelineCode>] = [], notes: String? = nil, purpose: Word<ConversationPurpose>? = nil,
            fears: [ConversationDraft.VoicedFear] = [], commitments: [ConversationDraft.Promise] = []
        ) throws {
            recorded += 1
            try conversations.record(
                ConversationDraft(
                    ref: "demo-\(String(format: "%03d", recorded))", occurredAt: daysAgo(days), kind: kind,
                    purpose: purpose, initiatedBy: email(initiator),
                    participants: people.map { .init(email: email($0.0), attendance: $0.1, engagement: $0.2) },
                    guidelines: guidelines, notes: notes, fears: fears, commitments: commitments), now: asOf)
        }

        // The sponsor: steady monthly one-to-ones she often asks for herself, touching many guidelines.
        for (index, days) in [170, 140, 112, 95, 56, 35, 21, 7].enumerated() {
            try record(
                days, "one_to_one", by: index.isMultiple(of: 2) ? "maya" : "helen",
                with: [("maya", "attended", "leading"), ("helen", "attended", nil)],
                guidelines: [["G01", "G04"], ["G05", "G07"], ["G02", "G03"], ["G11"]][index % 4],
                notes: "Regular check-in on how the programme is landing with her own team.")
        }
        try record(
            150, "one_to_one", by: "helen", with: [("maya", "attended", "leading"), ("helen", "attended", nil)],
            guidelines: ["G07"], notes: "Asked what worries her about being seen to be coached.",
            fears: [
                .init(
                    email: email("maya"), category: "exposure",
                    statement:
                        "Worries that being coached in public will read as a sign of weakness to the board.",
                    severity: "medium")
            ])

        // Her fear was talked through and put to rest a month later.
        let fears = Fears(tx)
        for fear in try fears.list(Fears.Filter(email: email("maya"))) {
            try fears.update(
                fear.id.uuidString, expectedVersion: nil, status: FearStatus.resolved.rawValue,
                mitigation: "Agreed she is coached privately first and talks about it once at ease.",
                resolvedOn: day(-120))
        }

        // The finance director: engaged early, then declines and silence (G11).
        try record(
            165, "one_to_one", by: "helen", with: [("tom", "attended", "supportive"), ("helen", "attended", nil)],
            guidelines: ["G01", "G04"], notes: "Interested if it can be tied to the cost programme.",
            commitments: [
                .init(
                    ownerEmail: email("tom"),
                    description:
                        "Name two finance managers for the first cohort", dueOn: day(-130))
            ])
        try record(
            130, "one_to_one", by: "helen", with: [("tom", "attended", "supportive"), ("helen", "attended", nil)],
            guidelines: ["G03"])
        try record(
            95, "one_to_one", by: "helen", with: [("tom", "attended", "neutral"), ("helen", "attended", nil)],
            guidelines: ["G05"],
            fears: [
                .init(
                    email: email("tom"), category: "cost",
                    statement:
                        "Cannot see how the coaching budget pays for itself within the financial year.",
                    severity: "high")
            ])
        try record(
            70, "group", by: "omar",
            with: [
                ("tom", "declined", nil), ("priya", "attended", "neutral"),
                ("omar", "attended", nil),
            ])
        try record(50, "one_to_one", by: "helen", with: [("tom", "delegated", nil), ("helen", "attended", nil)])
        try record(20, "one_to_one", by: "helen", with: [("tom", "no_show", nil), ("helen", "attended", nil)])

        // The operations director: engagement observed falling over the last two months.
        try record(
            125, "one_to_one", by: "ben", with: [("priya", "attended", "supportive"), ("ben", "attended", nil)],
            guidelines: ["G06"])
        try record(
            75, "one_to_one", by: "helen", with: [("priya", "attended", "supportive"), ("helen", "attended", nil)],
            guidelines: ["G04"])
        try record(
            12, "one_to_one", by: "helen", with: [("priya", "attended", "resistant"), ("helen", "attended", nil)],
            notes: "Short meeting; said the pilot had taken her best supervisors off the floor.")

        // HR presents the strategy to the top team with no champion briefing first (G08) and few soundings (G09).
        try record(
            60, "presentation", by: "helen",
            with: [
                ("maya", "attended", "leading"), ("tom", "attended", "neutral"),
                ("priya", "attended", "supportive"), ("lars", "attended", "resistant"),
                ("helen", "attended", nil), ("omar", "attended", nil),
            ],
            guidelines: ["G09"], notes: "Strategy deck presented at the monthly leadership meeting.", purpose: "ask",
            commitments: [
                .init(
                    ownerEmail: email("helen"), description: "Send the strategy pack to every director",
                    dueOn: day(-50)),
                .init(
                    ownerEmail: email("omar"), description: "Book the next management training dates",
                    dueOn: day(10)),
                .init(
                    ownerEmail: email("helen"), description: "Draft the coaching charter for the top team",
                    dueOn: day(14)),
            ])
        try record(
            58, "one_to_one", by: "helen", with: [("lars", "attended", "resistant"), ("helen", "attended", nil)],
            fears: [
                .init(
                    email: email("lars"), category: "confidentiality",
                    statement:
                        "Does not want coaching notes about his team ending up in HR files.", severity: "high")
            ])

        // The sales head was first asked in a workshop, before any one-to-one (G06), and the one-to-one that
        // followed never went back to her own experience of coaching (it touched G07 only).
        try record(
            100, "workshop", by: "omar",
            with: [
                ("sofia", "attended", "neutral"), ("aisha", "attended", "supportive"),
                ("omar", "attended", nil),
            ], purpose: "ask")
        try record(
            80, "one_to_one", by: "aisha", with: [("sofia", "attended", "supportive"), ("aisha", "attended", nil)],
            guidelines: ["G07"])

        // The champions: sounded out one to one first, asked about their fears, active throughout.
        for (index, days) in [175, 120, 90, 45, 14].enumerated() {
            try record(
                days, "one_to_one", by: index == 0 ? "helen" : "ben",
                with: [("ben", "attended", "leading"), ("helen", "attended", nil)],
                guidelines: index == 0 ? ["G06", "G07"] : ["G11"])
            try record(
                days - 2, "one_to_one", by: index == 0 ? "helen" : "aisha",
                with: [("aisha", "attended", "supportive"), ("helen", "attended", nil)],
                guidelines: index == 0 ? ["G06", "G07"] : ["G10"])
        }

        // The programme: mostly courses, a pilot that ended without an outcome, nothing planned next (G10, G12).
        let initiatives = Initiatives(tx)
        try initiatives.add(
            InitiativeDraft(
                ref: "mgr-coaching-course", title: "Coaching skills course for managers", kind: "training",
                ownerEmail: email("omar"), startsOn: day(-160), endsOn: day(-130), status: "done"))
        try initiatives.add(
            InitiativeDraft(
                ref: "leadership-course", title: "Leading through coaching, two-day course", kind: "training",
                ownerEmail: email("omar"), startsOn: day(-100), endsOn: day(-99), status: "done"))
        try initiatives.add(
            InitiativeDraft(
                ref: "ops-pilot", title: "Peer coaching pilot in the north warehouse", kind: "pilot",
                ownerEmail: email("priya"), startsOn: day(-120), endsOn: day(-30), status: "running",
                successMeasure: "Fewer escalations to the shift manager"))
        try initiatives.add(
            InitiativeDraft(
                ref: "mentoring-webinar", title: "Mentoring basics webinar", kind: "training",
                ownerEmail: email("helen"), startsOn: day(-40), endsOn: day(-40), status: "done"))
        try initiatives.add(
            InitiativeDraft(
                ref: "refresher-course", title: "Coaching refresher e-learning", kind: "training",
                ownerEmail: email("omar"), startsOn: day(-60), endsOn: day(-45), status: "done"))

        // The programme's own groups (issue 17), both started over a year ago so the last twelve months stay a
        // programme of courses (G12): a leadership action learning set whose last two sessions on record were
        // months ago and which has stopped meeting (G03), and a peer trio of the sponsor and the two champions
        // meeting every month as agreed. With both still running, something is on the programme.
        let members = InitiativeMembers(tx)
        try initiatives.add(
            InitiativeDraft(
                ref: "leaders-learning-set", title: "Leadership action learning set", kind: "action_learning_set",
                ownerEmail: email("omar"), startsOn: day(-400), status: "running", cadenceDays: 60))
        for (first, role) in [("omar", "facilitator"), ("priya", "participant"), ("lars", "participant")] {
            try members.enrol(
                initiative: "leaders-learning-set",
                EnrolmentDraft(email: email(first), role: role, enrolledOn: day(-400)))
        }
        for days in [200, 140] {
            recorded += 1
            try conversations.record(
                ConversationDraft(
                    ref: "demo-\(String(format: "%03d", recorded))", occurredAt: daysAgo(days, hour: 14), kind: "group",
                    initiatedBy: email("priya"),
                    participants: ["omar", "priya", "lars"].map { .init(email: email($0)) },
                    initiative: "leaders-learning-set"), now: asOf)
        }
        try initiatives.add(
            InitiativeDraft(
                ref: "peer-trio-maya", title: "Peer coaching trio: sponsor and champions", kind: "peer_coaching",
                ownerEmail: email("maya"), startsOn: day(-380), status: "running", cadenceDays: 30))
        for first in ["maya", "ben", "aisha"] {
            try members.enrol(initiative: "peer-trio-maya", EnrolmentDraft(email: email(first), enrolledOn: day(-380)))
        }
        // The three coach each other as one trio that agreed to meet monthly; its sessions are its meetings.
        try PeerGroups(tx).add(
            initiative: "peer-trio-maya",
            PeerGroupDraft(
                name: "Sponsor and champions", members: ["maya", "ben", "aisha"].map(email), startsOn: day(-380),
                rhythmDays: 30), today: day(0))
        for days in [95, 65, 35, 6] {
            recorded += 1
            try conversations.record(
                ConversationDraft(
                    ref: "demo-\(String(format: "%03d", recorded))", occurredAt: daysAgo(days, hour: 8), kind: "group",
                    initiatedBy: email("maya"),
                    participants: [("maya", "leading"), ("ben", "leading"), ("aisha", "supportive")].map {
                        .init(email: email($0.0), engagement: .text($0.1))
                    },
                    initiative: "peer-trio-maya"), now: asOf)
        }

        // Leaders' own coaching goals: the sponsor's is observed and she is coached; the operations director's is
        // recent; the CIO's has not been looked at since it was set (G05); the finance director has none (P00).
        let coaching = CoachingGoals(tx)
        let maya = try coaching.add(
            email: email("maya"),
            CoachingGoalDraft(
                behaviour: "input_before_concluding", observedHow: "Her leadership team, at the Monday meeting",
                setOn: day(-120), reviewOn: day(30)), today: day(0))
        for (days, note) in [
            (60, "Asked each director for a view before giving her own on the budget."),
            (20, "Held back her answer twice in the quarterly review."),
        ] {
            try coaching.observe(email: email("maya"), goal: maya.id, on: day(-days), note: note)
        }
        try coaching.addCoaching(email: email("maya"), kind: "coached", since: day(-150), until: nil)
        let priya = try coaching.add(
            email: email("priya"),
            CoachingGoalDraft(
                behaviour: "reflection_before_solving", observedHow: "Her shift managers", setOn: day(-90),
                reviewOn: day(0)), today: day(0))
        try coaching.observe(
            email: email("priya"), goal: priya.id, on: day(-30), note: "Let a shift manager work out the rota fix.")
        try coaching.add(
            email: email("lars"),
            CoachingGoalDraft(
                behaviour: "development_apart_from_evaluation", observedHow: "His direct reports", setOn: day(-220),
                reviewOn: day(-130)), today: day(0))

        // Leaders' cases in their words (G04, G05): the sponsor and the operations director have both sides on
        // record; the CIO has said what he would gain but the cost was never talked through; the finance director
        // has neither, so both rules flag him.
        let cases = LeaderCases(tx)
        for (first, days, aspect, words, ready) in [
            ("maya", 160, "personal_gain", "Fewer decisions land on my desk, so I get my Fridays back.", nil),
            ("maya", 150, "personal_cost", "I have to stop being the one with the answer in the room.", "ready"),
            ("priya", 70, "personal_gain", "Shift managers who sort things out before they reach me.", nil),
            ("priya", 40, "personal_cost", "Slower handovers for a quarter while people learn.", "with_support"),
            ("lars", 100, "personal_gain", "My architects might finally bring me options instead of problems.", nil),
        ] as [(String, Int, String, String, String?)] {
            try cases.record(
                email: email(first),
                LeaderCaseDraft(aspect: aspect, words: words, roleModel: ready, recordedOn: day(-days)),
                today: day(0))
        }

        // Narratives and benefits (G02, G03), kept healthy: the value the programme is framed on, a tension a
        // champion raised that the top team talked through within three weeks, and the warehouse pilot's
        // escalations measured before it, while it ran and again after it ended.
        let narratives = Narratives(tx)
        try narratives.addNarrative(
            kind: "value", title: "We grow our own",
            statement: "Most of our managers started on the warehouse floor, and we promote from within.",
            on: day(-200))
        try narratives.addNarrative(
            kind: "story", title: "The winter of the flood",
            statement: "When the depot flooded, shift teams sorted the routes themselves while head office slept.",
            on: day(-200))
        try narratives.logTension(
            statedValue: "We grow our own",
            rewardedBehaviour: "Bonuses reward this quarter's numbers, not developing people",
            raisedBy: email("aisha"), raisedOn: day(-60), discussedOn: day(-40))
        let benefits = Benefits(tx)
        try benefits.add(
            initiative: "ops-pilot", measure: "Escalations to the shift manager a week", baseline: 40, on: day(-125))
        for (days, value, seen) in [(60, 31.0, ["priya"]), (10, 27.0, ["priya", "maya"])] {
            try benefits.read(
                initiative: "ops-pilot", measure: "Escalations to the shift manager a week", value: value,
                on: day(-days), seenBy: seen.map(email))
        }

        // The strategy's strands (G12): learning sets and peer coaching since the groups began, and measurement since
        // the warehouse pilot's baseline; three strands, so the strategy is not judged too thin. The pilot was
        // presented to the top team and a realistic outcome agreed with them.
        let strategy = Strategy(tx)
        for (element, since) in [("action_learning", -400), ("peer_coaching", -380), ("measurement", -125)] {
            try strategy.addElement(element, since: day(since), until: nil)
        }
        try strategy.expect(
            initiative: "ops-pilot", presentedAs: "Shift problems solved on the floor instead of escalated",
            presentedTo: "the top team", on: day(-126))
        try strategy.agree(
            initiative: "ops-pilot", outcome: "A quarter fewer escalations in the pilot warehouse, not company-wide",
            on: day(-122))

        // G01: priorities linked for some functions, none for finance or IT.
        let priorities = Priorities(tx)
        try priorities.add(
            priority: "Raise on-time delivery", function: "operations",
            howCoachingHelps: "Supervisors who coach solve shift problems without escalating.",
            endorsedBy: email("priya"), recordedOn: day(-110))
        try priorities.add(
            priority: "Grow repeat business", function: "sales",
            howCoachingHelps: "Managers who coach keep experienced account staff longer.",
            endorsedBy: email("sofia"), recordedOn: day(-90))
        try priorities.add(
            priority: "Hold the line on costs", function: "executive",
            howCoachingHelps: "Leaders who coach delegate more and run leaner meetings.",
            endorsedBy: email("maya"), recordedOn: day(-150))
        return recorded
    }
}
