/// What an import wrote, per file (and for the guidelines conversations.csv names).
public struct ImportSummary: Sendable, Hashable {
    /// Rows read from one file and what became of them.
    public struct Entry: Sendable, Hashable {
        /// The file, e.g. `stakeholders.csv`, or what was derived from it.
        public var name: String
        /// Data lines read.
        public var rows: Int
        public var inserted: Int
        /// Existing rows changed (stakeholders.csv only: it updates people by e-mail).
        public var updated: Int
        /// Existing rows the file repeated exactly (stakeholders.csv only).
        public var unchanged: Int

        public init(name: String, rows: Int, inserted: Int, updated: Int = 0, unchanged: Int = 0) {
            self.name = name
            self.rows = rows
            self.inserted = inserted
            self.updated = updated
            self.unchanged = unchanged
        }
    }

    public var entries: [Entry]
    /// True when the import was checked and loaded, then rolled back: nothing was kept.
    public var dryRun: Bool

    public init(entries: [Entry], dryRun: Bool) {
        self.entries = entries
        self.dryRun = dryRun
    }

    /// The entry for one file, if the import held it.
    public func entry(_ file: TransferFile) -> Entry? {
        entries.first { $0.name == file.fileName }
    }
}
