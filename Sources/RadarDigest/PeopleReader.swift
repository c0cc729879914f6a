import Foundation
import Postgres
import RadarDomain
import RadarRules
import RadarStore

/// Leaders' and champions' weekly engagement scores, for the trend sentence, the sparklines and rising scores.
struct PeopleReader {
    /// One leader or champion with a score per sparkline week.
    struct Person {
        var name: String
        var email: String
        var title: String?
        var isLeader: Bool
        var daysSinceContact: Int?
        var scores: [Int?]

        var score: Int? { scores.last ?? nil }
        var scoreLastWeek: Int? { scores.count > 1 ? scores[scores.count - 2] : nil }

        var direction: DigestDirection {
            guard let score, let scoreLastWeek else { return .unknown }
            if score - scoreLastWeek >= DigestBuilder.scoreStep { return .rising }
            if scoreLastWeek - score >= DigestBuilder.scoreStep { return .falling }
            return .holding
        }
    }

    enum Query {
        // Who left after the week still belongs in it; query_silent only knows today's active people.
        static let people = """
            SELECT s.id, s.name, s.email, s.title, (s.tier = 'top_team' OR s.role = 'sponsor') AS is_leader
              FROM stakeholders s
             WHERE (s.active OR s.left_on > $1)
               AND (s.tier = 'top_team' OR s.role IN ('sponsor', 'champion', 'potential_champion'))
             ORDER BY s.name, s.email
            """
    }

    let people: [Person]

    /// `facts` are the stakeholders' facts as of the week's end: days since contact, and this week's score when no
    /// snapshot was taken during the week. (Like the facts, they know only people active now.)
    init(tx: TenantTransaction, period: Period, facts: FactTable) throws {
        let weeks = period.sparklineWeeks
        let scores = try Snapshots(tx).scores(from: weeks[0].monday, to: period.monday)
        let live = Dictionary(facts.subjects.map { ($0.id, $0.facts) }) { first, _ in first }
        var people: [Person] = []
        for row in try tx.connection.query(Query.people, [period.sunday]) {
            let id: UUID = try row.decode("id")
            var weekly = weeks.map { scores[id]?[$0.monday] }
            if weekly[weekly.count - 1] == nil { weekly[weekly.count - 1] = live[id]?["score"]?.wholeNumber }
            people.append(
                Person(
                    name: try row.decode("name"), email: try row.decode("email"), title: try row.decode("title"),
                    isLeader: try row.decode("is_leader"),
                    daysSinceContact: live[id]?["days_since_contact"]?.wholeNumber,
                    scores: weekly))
        }
        self.people = people
    }

    /// Leaders whose score fell this week or who are flagged under G11, the largest fall first.
    func leaderTrends(radarFlags: [String: Int]) -> [DigestLeaderTrend] {
        people.filter { $0.isLeader && ($0.direction == .falling || radarFlags[$0.email, default: 0] > 0) }
            .map { person in
                let flags = radarFlags[person.email, default: 0]
                return DigestLeaderTrend(
                    name: person.name, email: person.email, title: person.title, scores: person.scores,
                    score: person.score, scoreLastWeek: person.scoreLastWeek, direction: person.direction,
                    daysSinceContact: person.daysSinceContact, radarFlags: flags,
                    note: DigestWording.leaderNote(
                        person.direction, from: person.scoreLastWeek, to: person.score,
                        radarFlags: flags, daysSinceContact: person.daysSinceContact))
            }
            .sorted { a, b in
                let fallA = (a.scoreLastWeek ?? 0) - (a.score ?? 0)
                let fallB = (b.scoreLastWeek ?? 0) - (b.score ?? 0)
                if (a.direction == .falling) != (b.direction == .falling) { return a.direction == .falling }
                if fallA != fallB { return fallA > fallB }
                if a.radarFlags != b.radarFlags { return a.radarFlags > b.radarFlags }
                return (a.name, a.email) < (b.name, b.email)
            }
    }

    /// Leaders and champions whose score rose enough to report, the largest rise first.
    func risingScores() -> [DigestScoreChange] {
        people.compactMap { person -> DigestScoreChange? in
            guard person.direction == .rising, let from = person.scoreLastWeek, let to = person.score else {
                return nil
            }
            return DigestScoreChange(name: person.name, email: person.email, from: from, to: to)
        }
        .sorted { ($1.to - $1.from, $0.name) < ($0.to - $0.from, $1.name) }
    }

    /// The leaders' average score now and last week, over the leaders scored in both weeks.
    func leaderAverage() -> (now: Int?, lastWeek: Int?, direction: DigestDirection) {
        let leaders = people.filter(\.isLeader)
        let both = leaders.compactMap { person -> (Int, Int)? in
            guard let now = person.score, let last = person.scoreLastWeek else { return nil }
            return (now, last)
        }
        guard !both.isEmpty else {
            let now = leaders.compactMap(\.score)
            return (now.isEmpty ? nil : Int((Double(now.reduce(0, +)) / Double(now.count)).rounded()), nil, .unknown)
        }
        let now = Double(both.map(\.0).reduce(0, +)) / Double(both.count)
        let last = Double(both.map(\.1).reduce(0, +)) / Double(both.count)
        let direction: DigestDirection =
            now - last >= Double(DigestBuilder.averageStep)
            ? .rising
            : last - now >= Double(DigestBuilder.averageStep) ? .falling : .holding
        return (Int(now.rounded()), Int(last.rounded()), direction)
    }
}

extension FactValue {
    /// A number rounded half away from zero, as SQL's round() does; nil for anything else.
    fileprivate var wholeNumber: Int? {
        if case .number(let value) = self { Int(value.rounded()) } else { nil }
    }
}
