import RadarDomain

/// A command whose options name some fields differently from the domain, such as `--at` for `occurredAt`.
protocol OptionNaming {
    /// The option (without its dashes) for each field it names differently.
    static var optionNames: [FieldPath: String] { get }
}

extension FieldPath {
    /// The field as the CLI's user knows it: the option they typed it in, without its dashes. A list's element or
    /// a part of one is the repeatable option it came from (`participants[1].attendance` is `participant`); other
    /// names are kebab case (`hrOwner` is `hr-owner`).
    var optionName: String {
        if steps.count > 1, case .name(let list) = steps[0], case .index = steps[1] {
            return FieldPath.words(of: list.hasSuffix("s") ? String(list.dropLast()) : list, joinedBy: "-")
        }
        return spelled { FieldPath.words(of: $0, joinedBy: "-") }
    }
}
