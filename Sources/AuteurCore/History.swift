/// A revision's place in the history graph: enough to navigate, without the
/// scene itself. Revision 0 is the empty project; every turn adds a child of
/// the revision it was made on, so a turn after an undo starts a branch and
/// the old branch stays in the graph.
public struct RevisionNode: Hashable, Sendable {
    public var id: Int
    public var parent: Int?
    public init(id: Int, parent: Int?) { self.id = id; self.parent = parent }
}

/// Undo, redo and checkout as pure functions of the graph and the head.
public struct HistoryGraph: Sendable {
    public private(set) var nodes: [Int: RevisionNode]
    /// For each revision, the child that redo returns to: the one most
    /// recently undone from or created.
    public private(set) var redoChild: [Int: Int]

    public init(nodes: [RevisionNode], redoChild: [Int: Int] = [:]) {
        self.nodes = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        self.redoChild = redoChild
    }

    public func children(of id: Int) -> [Int] {
        nodes.values.filter { $0.parent == id }.map(\.id).sorted()
    }

    /// The revision undo moves to, or nil at the root.
    public func undoTarget(from head: Int) -> Int? { nodes[head]?.parent }

    /// The revision redo moves to: the remembered child, else the newest child.
    public func redoTarget(from head: Int) -> Int? {
        if let c = redoChild[head], nodes[c] != nil { return c }
        return children(of: head).last
    }

    /// Path from the root to `id`, root first.
    public func lineage(of id: Int) -> [Int] {
        var path: [Int] = []
        var cursor: Int? = id
        while let c = cursor, let node = nodes[c] {
            path.append(c)
            cursor = node.parent
        }
        return path.reversed()
    }

    /// How many turns lie between the empty project and `id`.
    public func depth(of id: Int) -> Int { max(0, lineage(of: id).count - 1) }

    /// Records a new revision made on `parent`; redo from the parent now leads to it.
    public mutating func add(_ id: Int, parent: Int) {
        nodes[id] = RevisionNode(id: id, parent: parent)
        redoChild[parent] = id
    }

    /// Remembers, when moving from `from` to `to`, which child redo should
    /// follow along the path: after undo from 5 to 4, redo at 4 goes to 5.
    public mutating func noteMove(from: Int, to: Int) {
        let path = lineage(of: from)
        guard let k = path.firstIndex(of: to) else { return }
        for i in k..<(path.count - 1) { redoChild[path[i]] = path[i + 1] }
    }
}
