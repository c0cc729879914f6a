import RadarDomain

/// Every item of a paged list, read `limit` at a time from the first page, each next page after the cursor the
/// previous one gave out; `between` runs after each page, to change the list while it is being read.
public func walkPages<Item>(
    limit: Int, _ read: (PageRequest) throws -> Page<Item>, between: (Int) throws -> Void = { _ in }
) throws -> (items: [Item], pages: [[Item]]) {
    var request = PageRequest(limit: limit)
    var pages: [[Item]] = []
    while true {
        let page = try read(request)
        pages.append(page.items)
        guard let next = page.nextCursor else { break }
        // A list that never ends would be a bug: stop rather than loop.
        guard pages.count <= 1000 else { break }
        try between(pages.count)
        request.after = next
    }
    return (pages.flatMap { $0 }, pages)
}
