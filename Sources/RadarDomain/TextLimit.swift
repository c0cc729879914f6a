/// How long each kind of text may be, wherever it is entered: the CLI, the API, the web forms and CSV imports all
/// check drafts against these. Lengths count Unicode code points, as the API's document and PostgreSQL count them.
public enum TextLimit {
    /// A name, title, ref, function, priority: one line.
    public static let line = 200
    /// An e-mail address (RFC 5321's limit for a path).
    public static let email = 254
    /// A fear's statement, a commitment's description, a mitigation, an initiative's measure, outcome or evidence.
    public static let paragraph = 5_000
    /// A conversation's notes.
    public static let notes = 20_000
    /// A rule's condition, message and next step, a reason given for a change.
    public static let ruleText = 2_000

    /// The problem with `text` when it is longer than `max`, else nil.
    public static func problem(_ text: String, max: Int) -> String? {
        text.unicodeScalars.count > max ? "is longer than \(max) characters" : nil
    }
}
