/// A commitment guideline or the principle, as the product ships it: its code, short name and what it asks.
public struct Guideline: Sendable, Hashable {
    public var code: String
    public var name: String
    public var whatItAsks: String

    public init(code: String, name: String, whatItAsks: String) {
        self.code = code
        self.name = name
        self.whatItAsks = whatItAsks
    }
}

extension [Guideline] {
    /// The short name of `code`, or the code itself when unknown.
    public func name(of code: String) -> String {
        first { $0.code == code }?.name ?? code
    }
}
