import RadarDomain

extension FieldPath {
    /// The field as the web pages name their inputs: snake case (`initiated_by`, `ends_on`).
    var formName: String {
        spelled { FieldPath.words(of: $0, joinedBy: "_") }
    }
}
