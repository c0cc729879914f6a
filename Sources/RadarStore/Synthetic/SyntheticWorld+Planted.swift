import Foundation
import RadarDomain

extension SyntheticWorld {
    /// A planted truth about one top-team member, in whole days from the start of the history.
    struct Planted {
        var pattern: SyntheticPattern
        /// The engagement level seen in their conversations before any drift (4 or 5).
        var level: Int
        /// The day the drift begins; nil when it does not begin within the history.
        var driftDay: Int?
        /// For `recovered`, the day they come back.
        var returnDay: Int?

        /// Whether they still keep up the programme on `day`: always for a steady or recovering pattern, else until
        /// their drift begins.
        func keepsUpTheProgramme(on day: Int) -> Bool {
            pattern.keepsUpTheProgramme || driftDay.map { day < $0 } ?? true
        }

        /// Whether a reader of the record should see them drifting on `day` (the start of that day).
        func drifting(on day: Int) -> Bool {
            guard let driftDay, driftDay + pattern.daysToShow <= day else { return false }
            return returnDay.map { day < $0 } ?? true
        }
    }

    var endDay: Int { plan.weeks * 7 }
    /// Eight weeks before the end, the earlier of the two instants the labels speak for.
    var eightWeeksBeforeDay: Int { endDay - 56 }

    /// Draws when `pattern` begins. A drift begins early enough to show at both instants, or after the earlier
    /// one and early enough to show at the end; never so close before either that the truth there is unclear.
    mutating func plant(_ pattern: SyntheticPattern) -> Planted {
        var planted = Planted(pattern: pattern, level: Int.random(in: 4...5, using: &random))
        let show = pattern.daysToShow
        // At least eight weeks of rhythm first, and not so long before the end that a fade has settled.
        let early = Self.days(from: max(56, endDay - 210), through: eightWeeksBeforeDay - show)
        let late = Self.days(from: eightWeeksBeforeDay + 1, through: endDay - show)
        switch pattern {
        case .steadyWeekly, .steadyMonthly:
            break
        case .recovered:
            guard let early, let back = Self.days(from: eightWeeksBeforeDay + 7, through: endDay - 21) else { break }
            planted.driftDay = Int.random(in: early, using: &random)
            planted.returnDay = Int.random(in: back, using: &random)
        default:
            if let early, late == nil || random.chance(0.5) {
                planted.driftDay = Int.random(in: early, using: &random)
            } else if let late {
                planted.driftDay = Int.random(in: late, using: &random)
            }
        }
        return planted
    }

    /// The days from `first` through `last`, or nil when there are none (a history too short for the window).
    static func days(from first: Int, through last: Int) -> ClosedRange<Int>? {
        first <= last ? first...last : nil
    }

    /// The conversations of every planted top-team member: one-to-ones with an HR host touching G11, now and then
    /// a small group, at the rhythm and with the engagement their pattern gives.
    mutating func generatePlantedContacts() {
        let hosts = people.indices.filter { people[$0].tier == "hr" }.map(Int32.init)
        let others = people.indices.filter { people[$0].planted == nil && people[$0].tier != "hr" }.map(Int32.init)
        for person in people.indices {
            guard let planted = people[person].planted else { continue }
            var day = Int.random(in: 0..<(planted.pattern == .steadyMonthly ? 28 : 7), using: &random)
            var fadeGap = 7.0
            var first = true
            var held = 0
            while day < endDay {
                let drifting = planted.driftDay.map { day >= $0 } ?? false
                let sinceDrift = planted.driftDay.map { day - $0 } ?? 0
                var level = planted.level
                var attendance: UInt8 = 0
                var gap = 7 + Int.random(in: -1...1, using: &random)
                switch planted.pattern {
                case .steadyWeekly:
                    break
                case .steadyMonthly:
                    gap = 28 + Int.random(in: -2...2, using: &random)
                case .recovered:
                    if drifting && day < planted.returnDay! {
                        day = planted.returnDay! + Int.random(in: 0...2, using: &random)
                        continue
                    }
                case .abruptSilence:
                    if drifting { day = endDay }
                case .slowFadeCooling, .slowFadeRhythm:
                    if drifting {
                        // Each gap a little longer than the last, until they stop coming (past the longest
                        // silence any rhythm excuses).
                        fadeGap *= 1.4
                        gap = fadeGap > 60 ? endDay : Int(fadeGap.rounded())
                        if planted.pattern == .slowFadeCooling {
                            level -= (sinceDrift >= 21 ? 1 : 0) + (sinceDrift >= 49 ? 1 : 0)
                        }
                    }
                case .coolingSteadyRhythm:
                    if drifting { level -= 1 + (sinceDrift >= 28 ? 1 : 0) }
                case .decliningInvitations:
                    if drifting { attendance = random.weighted([(UInt8(1), 0.5), (2, 0.3), (3, 0.2)]) }
                }
                if day < endDay {
                    // Every fourth conversation with a leader who keeps up the programme also tells its story
                    // (G02–G05) and asks what worries them (G07); no draw, so the rest of the world is unchanged.
                    let story = planted.keepsUpTheProgramme(on: day) && held % 4 == 0
                    plantContact(
                        person: Int32(person), day: day, attendance: attendance, level: level, group: !first,
                        host: hosts[Int.random(in: 0..<hosts.count, using: &random)], others: others, story: story)
                    held += 1
                }
                first = false
                day += gap
            }
        }
    }

    /// One conversation of a planted leader; the first is always a one-to-one, later ones a small group now and then.
    private mutating func plantContact(
        person: Int32, day: Int, attendance: UInt8, level: Int, group: Bool, host: Int32, others: [Int32],
        story: Bool
    ) {
        let isGroup = group && !others.isEmpty && random.chance(0.2)
        var participants = [
            Participation(person: host, attendance: 0, engagement: 0),
            Participation(
                person: person, attendance: attendance,
                engagement: attendance == 0 && random.chance(0.8) ? UInt8(max(1, level)) : 0),
        ]
        if isGroup {
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let other = others[Int.random(in: 0..<others.count, using: &random)]
                if !participants.contains(where: { $0.person == other }) {
                    participants.append(Participation(person: other, attendance: 0, engagement: 0))
                }
            }
        }
        // G11 always (keeping a leader involved is what these conversations are for), and one other at random.
        var guidelines: UInt16 = 1 << 10 | 1 << UInt16.random(in: 0..<12, using: &random)
        if story { guidelines |= 1 << 1 | 1 << 2 | 1 << 3 | 1 << 4 | 1 << 6 }
        let occurredAt = start.addingTimeInterval(
            Double(day) * Self.day + Double(Int.random(in: 8 * 3_600..<18 * 3_600, using: &random)))
        conversations.append(
            Conversation(
                id: random.uuid(), occurredAt: occurredAt, kind: isGroup ? 1 : 0, initiator: host,
                participants: participants, guidelines: guidelines))
    }

    /// The labels of the planted top team, in the order they were generated.
    func labels(in zone: TimeZone) -> [SyntheticLabel] {
        people.enumerated().compactMap { index, person in
            guard let planted = person.planted else { return nil }
            return SyntheticLabel(
                email: Self.email(index), pattern: planted.pattern,
                driftBegan: planted.driftDay.map {
                    CalendarDate(start.addingTimeInterval(Double($0) * Self.day + 12 * 3_600), in: zone)
                },
                driftingAtEnd: planted.drifting(on: endDay),
                driftingEightWeeksBefore: planted.drifting(on: eightWeeksBeforeDay))
        }
    }

    /// The address of the person at `index`, the one the load writes.
    static func email(_ index: Int) -> String { "person\(index + 1)@synthetic.example" }
}
