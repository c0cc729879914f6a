import RadarDomain

extension FieldPath {
    /// The field as the API's document names it: snake case with positions (`initiated_by`,
    /// `participants[2].email`), and the document's own name where it says more (`hr_owner_email`).
    var jsonName: String {
        spelled { Self.documentNames[$0] ?? FieldPath.words(of: $0, joinedBy: "_") }
    }

    /// Names the document spells other than as the snake case of the domain's name.
    private static let documentNames = ["hrOwner": "hr_owner_email"]
}
