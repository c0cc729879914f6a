extension Double {
    /// The number as people write it: a whole number without `.0` (10, not 10.0), anything else as Swift prints it.
    public var plainText: String {
        rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
