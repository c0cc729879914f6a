/// Finds the known fact a mistyped name most likely meant, by edit distance.
enum FactNameSuggestion {
    /// Names longer than this are not compared, which keeps the quadratic distance cheap on garbage input.
    static let longestComparedName = 100

    /// The closest known name, or nil when none is close enough to be a plausible typo.
    static func closest(to name: String, among known: some Collection<String>) -> String? {
        guard !name.isEmpty, name.count <= longestComparedName else { return nil }
        let target = Array(name.lowercased())
        let allowed = max(2, target.count / 4)
        var best: (name: String, distance: Int)?
        for candidate in known where candidate.count <= longestComparedName {
            let distance = editDistance(target, Array(candidate.lowercased()))
            guard distance <= allowed else { continue }
            if let current = best,
                current.distance < distance
                    || (current.distance == distance && current.name < candidate)
            {
                continue
            }
            best = (candidate, distance)
        }
        return best?.name
    }

    /// The Levenshtein distance: insertions, deletions and substitutions each cost one.
    static func editDistance(_ left: [Character], _ right: [Character]) -> Int {
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for (row, leftCharacter) in left.enumerated() {
            current[0] = row + 1
            for (column, rightCharacter) in right.enumerated() {
                let substitution = previous[column] + (leftCharacter == rightCharacter ? 0 : 1)
                current[column + 1] = min(substitution, previous[column + 1] + 1, current[column] + 1)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
