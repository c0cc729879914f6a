import CLibICal
import Foundation

/// Reads iCalendar (RFC 5545) text with libical into meetings. Every libical call of the product is in this file.
///
/// libical does not refuse a bad value: it drops the property and leaves an `X-LIC-ERROR` property in its place,
/// so the reader looks for those, and for times it cannot place, and refuses the whole file naming the line.
public struct CalendarFile: Sendable {
    /// The file's text, as given.
    public let text: String
    /// The zone that floating times (no `TZID`, no `Z`) and all-day dates are read in.
    public let floatingZone: TimeZone

    public init(text: String, floatingZone: TimeZone) {
        self.text = text
        self.floatingZone = floatingZone
    }

    /// The meetings overlapping `window`, recurring ones expanded into their occurrences with `EXDATE`s as
    /// cancelled occurrences and `RECURRENCE-ID` overrides in place of the occurrence they move; sorted by start.
    public func meetings(in window: CalendarWindow) throws(CalendarFileError) -> [CalendarMeeting] {
        let lines = ContentLines(text)
        try lines.checkNesting()
        guard let root = text.withCString({ icalparser_parse_string($0) }) else {
            throw CalendarFileError(line: 1, property: "VCALENDAR", problem: "the file is not iCalendar text")
        }
        defer { icalcomponent_free(root) }
        let reading = Reading(root: root, lines: lines, floatingZone: floatingZone)
        try reading.checkErrors()
        return try reading.meetings(in: window)
    }
}

/// The file's content lines after unfolding, each with the line number it starts on, for naming problems.
struct ContentLines {
    let lines: [(number: Int, text: String)]

    init(_ text: String) {
        var lines: [(number: Int, text: String)] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw)
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1].text += line.dropFirst()
            } else if !line.isEmpty {
                lines.append((index + 1, line))
            }
        }
        self.lines = lines
    }

    /// The property name of a content line: what comes before the first `;` or `:`.
    static func name(of line: String) -> String {
        String(line.prefix { $0 != ";" && $0 != ":" }).uppercased()
    }

    /// Refuses a file whose `BEGIN`/`END` lines do not pair up, naming the first unmatched one; libical only
    /// answers "nothing" for such a file.
    func checkNesting() throws(CalendarFileError) {
        var open: [(number: Int, component: String)] = []
        for (number, text) in lines {
            let name = Self.name(of: text)
            let value = text.drop { $0 != ":" }.dropFirst().trimmingCharacters(in: .whitespaces).uppercased()
            if name == "BEGIN" {
                open.append((number, value))
            } else if name == "END" {
                guard let last = open.last else {
                    throw CalendarFileError(line: number, property: "END", problem: "END:\(value) has no BEGIN")
                }
                guard last.component == value else {
                    throw CalendarFileError(
                        line: number, property: "END",
                        problem: "END:\(value) closes BEGIN:\(last.component) of line \(last.number)")
                }
                open.removeLast()
            }
        }
        if let unclosed = open.last {
            throw CalendarFileError(
                line: unclosed.number, property: "BEGIN", problem: "BEGIN:\(unclosed.component) is never closed")
        }
        if lines.isEmpty || Self.name(of: lines[0].text) != "BEGIN" {
            throw CalendarFileError(
                line: lines.first?.number ?? 1, property: lines.first.map { Self.name(of: $0.text) } ?? "VCALENDAR",
                problem: "an iCalendar file starts with BEGIN:VCALENDAR")
        }
    }

    /// The first line at or after `from` (a line number) whose value (after the first `:`) is `value`, optionally
    /// only lines of property `name`.
    func find(value: String, name: String?, from: Int) -> (number: Int, text: String)? {
        lines.first { line in
            line.number >= from && (name == nil || Self.name(of: line.text) == name)
                && line.text.drop(while: { $0 != ":" }).dropFirst().trimmingCharacters(in: .whitespaces) == value
        }
    }

    /// The first line at or after `from` (a line number) whose text contains `needle`, optionally only lines of
    /// property `name`.
    func find(_ needle: String, name: String? = nil, from: Int = 0) -> (number: Int, text: String)? {
        lines.first { line in
            line.number >= from && (name == nil || Self.name(of: line.text) == name) && line.text.contains(needle)
        }
    }
}

/// One parsed file being read: the libical tree, its lines and the zone for floating times.
private struct Reading {
    let root: OpaquePointer
    let lines: ContentLines
    let floatingZone: TimeZone

    /// Refuses the file if libical left any `X-LIC-ERROR` in it, naming the line it comes from.
    func checkErrors() throws(CalendarFileError) {
        var after = 0
        for component in [root] + components(of: root, kind: ICAL_ANY_COMPONENT) {
            for property in properties(of: component, kind: ICAL_XLICERROR_PROPERTY) {
                let message = String(cString: icalproperty_get_xlicerror(property))
                // An empty value (Google writes `LOCATION:`) is no error; an empty start is caught as a missing one.
                if message.hasPrefix("No value for ") { continue }
                // libical ends each message with the text it could not read, after the last ": ".
                let fragment = message.range(of: ": ", options: .backwards).map { String(message[$0.upperBound...]) }
                // The line whose value is exactly the rejected text (of the property named, when named) is the one;
                // failing that, the first that contains it.
                let named = message.range(of: #" in ([A-Z-]+) property"#, options: .regularExpression).map {
                    String(message[$0].dropFirst(4).dropLast(9))
                }
                let found = fragment.flatMap { text in
                    let needle = text.trimmingCharacters(in: .whitespaces)
                    return lines.find(value: needle, name: named, from: after) ?? lines.find(needle, from: after)
                }
                after = found?.number ?? after
                let problem = message.components(separatedBy: ". Removing entire property").first ?? message
                throw CalendarFileError(
                    line: found?.number ?? 1, property: found.map { ContentLines.name(of: $0.text) } ?? "VCALENDAR",
                    problem: Self.plain(problem))
            }
        }
    }

    /// libical's message in the product's words where it has a usual shape.
    static func plain(_ message: String) -> String {
        if message.hasPrefix("Can't parse as "), let range = message.range(of: " value in ") {
            let type = message[message.index(message.startIndex, offsetBy: 15)..<range.lowerBound]
            return "the value is not a valid \(type)"
        }
        if message.hasPrefix("Got a data line") { return "not a property line (no name and colon)" }
        if message.hasPrefix("Can't parse parameter name") { return "a parameter has no name" }
        return message.trimmingCharacters(in: .whitespaces)
    }

    func meetings(in window: CalendarWindow) throws(CalendarFileError) -> [CalendarMeeting] {
        let cancelledFile = icalcomponent_get_method(root) == ICAL_METHOD_CANCEL
        let events =
            icalcomponent_isa(root) == ICAL_VEVENT_COMPONENT ? [root] : components(of: root, kind: ICAL_VEVENT_COMPONENT)
        var overrides: [String: [String: CalendarMeeting]] = [:]
        var masters: [(OpaquePointer, CalendarMeeting)] = []
        var line = 0
        for event in events {
            var meeting = try meeting(event, after: &line)
            meeting.cancelled = meeting.cancelled || cancelledFile
            if let rid = property(of: event, kind: ICAL_RECURRENCEID_PROPERTY) {
                meeting.occurrence = try occurrenceKey(try time(rid, name: "RECURRENCE-ID", after: line))
                overrides[meeting.uid, default: [:]][meeting.occurrence] = meeting
            } else {
                masters.append((event, meeting))
            }
        }
        var found: [CalendarMeeting] = []
        for (event, master) in masters {
            var series = try expand(event, master, in: window)
            for index in series.indices {
                if let moved = overrides[master.uid]?.removeValue(forKey: series[index].occurrence) {
                    series[index] = moved
                }
            }
            found += series
        }
        // Overrides whose original time falls outside the master's expansion still stand for their occurrence.
        found += overrides.values.flatMap(\.values)
        return found.filter { window.overlaps(start: $0.start, end: $0.end) }
            .sorted { ($0.start, $0.uid, $0.occurrence) < ($1.start, $1.uid, $1.occurrence) }
    }

    /// One `VEVENT` as a meeting (its first occurrence, for a recurring one).
    private func meeting(_ event: OpaquePointer, after line: inout Int) throws(CalendarFileError) -> CalendarMeeting {
        guard let uidText = icalcomponent_get_uid(event).map({ String(cString: $0) }), !uidText.isEmpty else {
            let begin = lines.find("BEGIN:VEVENT", from: line + 1)?.number ?? line
            throw CalendarFileError(line: begin, property: "UID", problem: "the event has no UID")
        }
        line = lines.find(uidText, name: "UID", from: line)?.number ?? line
        guard let startProperty = property(of: event, kind: ICAL_DTSTART_PROPERTY) else {
            throw CalendarFileError(line: line, property: "DTSTART", problem: "the event \(uidText) has no start")
        }
        let start = try time(startProperty, name: "DTSTART", after: line)
        var end = start.instant
        if let endProperty = property(of: event, kind: ICAL_DTEND_PROPERTY) {
            end = try time(endProperty, name: "DTEND", after: line).instant
        } else if let duration = property(of: event, kind: ICAL_DURATION_PROPERTY) {
            end = start.instant.addingTimeInterval(TimeInterval(icaldurationtype_as_int(icalproperty_get_duration(duration))))
        } else if start.isDay {
            end = start.instant.addingTimeInterval(24 * 3600)
        }
        if end < start.instant {
            let endLine = lines.find("DTEND", name: "DTEND", from: line)?.number ?? line
            throw CalendarFileError(line: endLine, property: "DTEND", problem: "the event ends before it starts")
        }
        var organiser: CalendarPerson?
        if let property = property(of: event, kind: ICAL_ORGANIZER_PROPERTY) {
            organiser = person(property, value: icalproperty_get_organizer(property))
            organiser?.reply = .accepted
        }
        let attendees = properties(of: event, kind: ICAL_ATTENDEE_PROPERTY).compactMap { property -> CalendarPerson? in
            if let kind = icalproperty_get_first_parameter(property, ICAL_CUTYPE_PARAMETER).map(icalparameter_get_cutype),
                kind == ICAL_CUTYPE_ROOM || kind == ICAL_CUTYPE_RESOURCE
            {
                return nil
            }
            return person(property, value: icalproperty_get_attendee(property))
        }
        return CalendarMeeting(
            uid: uidText, sequence: Int(icalcomponent_get_sequence(event)),
            cancelled: icalcomponent_get_status(event) == ICAL_STATUS_CANCELLED,
            summary: icalcomponent_get_summary(event).map { String(cString: $0) },
            start: start.instant, end: end, allDay: start.isDay, organiser: organiser,
            attendees: attendees.reduce(into: []) { list, person in
                if !list.contains(where: { $0.email.lowercased() == person.email.lowercased() }) { list.append(person) }
            })
    }

    /// The occurrences of a master event inside the window: itself when it does not recur, else each `RRULE` and
    /// `RDATE` start, with `EXDATE`s kept as cancelled occurrences.
    private func expand(
        _ event: OpaquePointer, _ master: CalendarMeeting, in window: CalendarWindow
    ) throws(CalendarFileError) -> [CalendarMeeting] {
        let rules = properties(of: event, kind: ICAL_RRULE_PROPERTY)
        let extraDays = properties(of: event, kind: ICAL_RDATE_PROPERTY)
        guard !rules.isEmpty || !extraDays.isEmpty else { return [master] }
        let length = master.end.timeIntervalSince(master.start)
        let startProperty = property(of: event, kind: ICAL_DTSTART_PROPERTY)!
        let first = try time(startProperty, name: "DTSTART", after: 0)
        var starts: [Placed] = [first]
        for rule in rules {
            guard let iterator = icalrecur_iterator_new(icalproperty_get_rrule(rule), first.value) else { continue }
            defer { icalrecur_iterator_free(iterator) }
            // A series without an end is read only as far as the window; the bound stops a runaway rule.
            for _ in 0..<20_000 {
                var next = icalrecur_iterator_next(iterator)
                if icaltime_is_null_time(next) != 0 { break }
                next.zone = first.value.zone
                let placed = place(next, floating: first.isFloating)
                if placed.instant >= window.end { break }
                if placed.instant != first.instant { starts.append(placed) }
            }
        }
        for day in extraDays {
            let value = icalproperty_get_rdate(day).time
            if icaltime_is_null_time(value) == 0 {
                starts.append(try resolve(value, property: day, name: "RDATE", after: 0))
            }
        }
        var excluded: Set<String> = []
        for exclusion in properties(of: event, kind: ICAL_EXDATE_PROPERTY) {
            excluded.insert(
                try occurrenceKey(try resolve(icalproperty_get_exdate(exclusion), property: exclusion, name: "EXDATE", after: 0)))
        }
        var seen: Set<String> = []
        var occurrences: [CalendarMeeting] = []
        for start in starts {
            let key = try occurrenceKey(start)
            guard seen.insert(key).inserted else { continue }
            var occurrence = master
            occurrence.occurrence = key
            occurrence.start = start.instant
            occurrence.end = start.instant.addingTimeInterval(length)
            occurrence.cancelled = master.cancelled || excluded.contains(key)
            if window.overlaps(start: occurrence.start, end: occurrence.end) { occurrences.append(occurrence) }
        }
        return occurrences
    }

    /// A libical time placed on the timeline.
    struct Placed {
        var value: icaltimetype
        var instant: Date
        var isDay: Bool
        var isFloating: Bool
    }

    /// The time of a DTSTART-like property, its `TZID` looked up in the file's `VTIMEZONE`s and then among the
    /// zones libical knows; an unknown zone refuses the file.
    private func time(_ property: OpaquePointer, name: String, after line: Int) throws(CalendarFileError) -> Placed {
        let value = icalvalue_get_datetime(icalproperty_get_value(property))
        return try resolve(value, property: property, name: name, after: line)
    }

    private func resolve(
        _ value: icaltimetype, property: OpaquePointer, name: String, after line: Int
    ) throws(CalendarFileError) -> Placed {
        var value = value
        if icaltime_is_null_time(value) != 0 {
            throw CalendarFileError(
                line: lines.find(name, name: name, from: line)?.number ?? line, property: name,
                problem: "the value is not a valid date or time")
        }
        if let tzid = zoneName(property), value.is_date == 0, icaltime_is_utc(value) == 0 {
            let zone =
                tzid.withCString { icalcomponent_get_timezone(root, $0) }
                ?? tzid.withCString { icaltimezone_get_builtin_timezone($0) }
            guard let zone else {
                throw CalendarFileError(
                    line: lines.find("TZID=", name: name, from: line)?.number ?? line, property: name,
                    problem: "time zone \"\(tzid)\" is neither defined in the file (VTIMEZONE) nor a known zone")
            }
            value.zone = zone
        }
        return place(value, floating: value.zone == nil && icaltime_is_utc(value) == 0)
    }

    /// An instant for a libical time: zoned and UTC times by libical, floating times and days in `floatingZone`.
    private func place(_ value: icaltimetype, floating: Bool) -> Placed {
        if value.is_date != 0 || floating {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = floatingZone
            let parts = DateComponents(
                year: Int(value.year), month: Int(value.month), day: Int(value.day),
                hour: value.is_date != 0 ? 0 : Int(value.hour), minute: value.is_date != 0 ? 0 : Int(value.minute),
                second: value.is_date != 0 ? 0 : Int(value.second))
            return Placed(
                value: value, instant: calendar.date(from: parts) ?? .distantPast, isDay: value.is_date != 0,
                isFloating: floating)
        }
        let utc = icaltime_convert_to_zone(value, icaltimezone_get_utc_timezone())
        return Placed(
            value: value, instant: Date(timeIntervalSince1970: TimeInterval(icaltime_as_timet(utc))), isDay: false,
            isFloating: false)
    }

    /// The text that names an occurrence: its original start in UTC, or the day of an all-day one.
    private func occurrenceKey(_ placed: Placed) throws(CalendarFileError) -> String {
        let value = placed.value
        if placed.isDay {
            return String(format: "%04d%02d%02d", value.year, value.month, value.day)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: placed.instant)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
    }

    private func person(_ property: OpaquePointer, value: UnsafePointer<CChar>?) -> CalendarPerson? {
        guard let value else { return nil }
        var address = String(cString: value).trimmingCharacters(in: .whitespaces)
        if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
        guard address.contains("@") else { return nil }
        let reply: CalendarReply =
            switch icalproperty_get_first_parameter(property, ICAL_PARTSTAT_PARAMETER).map(icalparameter_get_partstat) {
            case ICAL_PARTSTAT_ACCEPTED: .accepted
            case ICAL_PARTSTAT_DECLINED: .declined
            case ICAL_PARTSTAT_TENTATIVE: .tentative
            case ICAL_PARTSTAT_DELEGATED: .delegated
            default: .noAnswer
            }
        let name = icalproperty_get_first_parameter(property, ICAL_CN_PARAMETER).flatMap(icalparameter_get_cn)
        return CalendarPerson(email: address, name: name.map { String(cString: $0) }, reply: reply)
    }

    /// The `TZID` parameter of a property, if it has one.
    private func zoneName(_ property: OpaquePointer) -> String? {
        icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER).flatMap(icalparameter_get_tzid)
            .map { String(cString: $0) }
    }

    private func property(of component: OpaquePointer, kind: icalproperty_kind) -> OpaquePointer? {
        icalcomponent_get_first_property(component, kind)
    }

    private func properties(of component: OpaquePointer, kind: icalproperty_kind) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        var next = icalcomponent_get_first_property(component, kind)
        while let property = next {
            found.append(property)
            next = icalcomponent_get_next_property(component, kind)
        }
        return found
    }

    /// The components directly inside `component`, and theirs, depth first.
    private func components(of component: OpaquePointer, kind: icalcomponent_kind) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        var next = icalcomponent_get_first_component(component, kind)
        while let child = next {
            found.append(child)
            found += components(of: child, kind: kind)
            next = icalcomponent_get_next_component(component, kind)
        }
        return found
    }
}
