/// A path to a field of a national record, as mapping tables write it: names separated by dots,
/// with `$1`, `$2` … for the position in a repeating group (`items.$1.documents.$2.type`: the
/// type of document `$2` of goods item `$1`), or a fixed position (`items.1.description`).
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path.
    public enum Segment: Hashable, Sendable {
        /// A named field.
        case name(String)
        /// Every position of a repeating group, bound to placeholder `$n`.
        case placeholder(Int)
        /// One position of a repeating group, 1-based.
        case position(Int)
    }

    /// The steps from the record's top.
    public let segments: [Segment]

    /// Creates a path from its steps.
    public init(_ segments: [Segment]) { self.segments = segments }

    /// Reads `a.b.$1.c`; nil when a step is empty, a placeholder or position is not a positive
    /// number, or the path starts with a position.
    public init?(parsing text: String) {
        var segments: [Segment] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            let part = String(part)
            if part.isEmpty { return nil }
            if part.hasPrefix("$") {
                guard let number = Int(part.dropFirst()), number > 0 else { return nil }
                segments.append(.placeholder(number))
            } else if let number = Int(part) {
                guard number > 0 else { return nil }
                segments.append(.position(number))
            } else {
                segments.append(.name(part))
            }
        }
        guard case .name = segments.first else { return nil }
        self.segments = segments
    }

    /// The placeholders the path uses, in order.
    public var placeholders: [Int] {
        segments.compactMap { if case .placeholder(let number) = $0 { number } else { nil } }
    }

    /// The path with each placeholder replaced by the position it is bound to.
    public func binding(_ positions: [Int: Int]) -> FieldPath {
        FieldPath(
            segments.map {
                if case .placeholder(let number) = $0, let position = positions[number] {
                    .position(position)
                } else {
                    $0
                }
            })
    }

    /// The path's named steps alone (`items.documents.type`): what a field is, wherever it is.
    public var names: [String] { segments.compactMap { if case .name(let name) = $0 { name } else { nil } } }

    /// The names after which a group's positions follow (`items` in `items.$1.x`).
    public var groupNames: [FieldPath] {
        segments.indices.compactMap { index in
            switch segments[index] {
            case .placeholder, .position: FieldPath(Array(segments[..<index]))
            case .name: nil
            }
        }
    }

    public var description: String {
        segments.map {
            switch $0 {
            case .name(let name): name
            case .placeholder(let number): "$\(number)"
            case .position(let number): String(number)
            }
        }.joined(separator: ".")
    }
}
