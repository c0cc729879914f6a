extension Digest {
    /// What a viewer's rendering (text, Markdown, HTML) shows: every sensitive text replaced by a note that it is
    /// withheld (those renderings have a place for it that cannot simply be left empty), mitigations left out.
    /// The API's digest routes and the web pages both use this one rule.
    public func withholdingSensitiveText() -> Digest {
        let withheld = "(withheld for your role)"
        var digest = self
        func withhold(_ fears: [DigestFear]) -> [DigestFear] {
            fears.map { fear in
                var fear = fear
                fear.statement = withheld
                fear.mitigation = nil
                return fear
            }
        }
        digest.fears.voiced = withhold(fears.voiced)
        digest.fears.openLongest = withhold(fears.openLongest)
        digest.fears.resolved = withhold(fears.resolved)
        digest.commitments.leadersOverdue = commitments.leadersOverdue.map { commitment in
            var commitment = commitment
            commitment.description = commitment.description == nil ? nil : withheld
            return commitment
        }
        return digest
    }
}
