import Foundation

/// A digest as an e-mail: a multipart/alternative message with the text rendering and the HTML rendering, ready
/// for a sendmail-compatible command (`-t` reads the recipients from the To header).
public struct DigestMail: Sendable {
    public var digest: Digest
    public var to: String
    public var from: String
    public var date: Date
    /// Stable per delivery, so a resend after a crash carries the same Message-ID and readers' mail can fold it.
    public var deliveryID: UUID

    public init(digest: Digest, to: String, from: String, date: Date, deliveryID: UUID) {
        self.digest = digest
        self.to = to
        self.from = from
        self.date = date
        self.deliveryID = deliveryID
    }

    public var subject: String {
        "Risk digest for \(digest.organisation.name), week \(digest.week)"
    }

    /// The message text, lines ending in LF as local mail commands expect.
    public func message() -> String {
        let boundary = "radar-" + deliveryID.uuidString.lowercased()
        let domain = from.split(separator: "@").last.map { $0.filter { $0 != ">" && $0 != " " } } ?? "localhost"
        var lines = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.header(subject))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: <digest.\(deliveryID.uuidString.lowercased())@\(domain.isEmpty ? "localhost" : domain)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "Auto-Submitted: auto-generated",
            "X-Radar-Organisation: \(digest.organisation.slug)",
            "X-Radar-Week: \(digest.week)",
            "",
            "This is a message in MIME format: the digest as plain text and as HTML.",
        ]
        for format in [DigestFormat.text, .html] {
            lines += [
                "",
                "--\(boundary)",
                "Content-Type: \(format.mediaType)",
                "Content-Transfer-Encoding: base64",
                "",
                Self.base64Lines(DigestRenderer.render(digest, as: format)),
            ]
        }
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: "\n")
    }

    /// Base64 in lines of 76 characters, as MIME asks (and no line near SMTP's 998-character limit).
    static func base64Lines(_ text: String) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        var lines: [Substring] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[index..<end])
            index = end
        }
        return lines.joined(separator: "\n")
    }

    /// A header value as is when it is plain ASCII, else as RFC 2047 encoded words of whole characters,
    /// folded onto continuation lines.
    static func header(_ value: String) -> String {
        let clean = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.isASCII }) { return clean }
        var words: [String] = []
        var chunk = ""
        for character in clean {
            // 45 bytes of UTF-8 make 60 base64 characters: with the =?UTF-8?B?…?= wrapping, under 76.
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\n ")
    }

    /// `Mon, 29 Jun 2026 07:00:00 +0000`.
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .gmt
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
