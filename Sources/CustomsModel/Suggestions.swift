/// "Did you mean …?": the known name closest to a misspelled one.
public enum Suggestions {
    /// The candidate nearest to `word` by edit distance (case-insensitive), if it is close enough
    /// to be a likely typo: at most a third of the word's length, and at least 1, edits away. Of
    /// candidates equally near, the first in string order, so that the answer does not depend
    /// on the order the candidates come in (often a set's or a dictionary's).
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased())
        let limit = max(1, target.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            // Lengths alone bound the distance from below: most candidates end here, unmeasured.
            guard abs(candidate.count - target.count) <= limit else { continue }
            let distance = editDistance(target, Array(candidate.lowercased()))
            guard distance <= limit else { continue }
            if let current = best, (current.distance, current.candidate) <= (distance, candidate) { continue }
            best = (candidate, distance)
        }
        return best?.candidate
    }

    /// Levenshtein distance, with transpositions of neighbours counted as one edit.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
