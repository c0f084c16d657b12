/**
 * The fields a record format can hold, read from that format's schema (not from samples, so an
 * optional field that no sample carries is still there): a tree whose leaves have a Log Analytics
 * type. A node has `children` only where the schema closes the object (it names every member it
 * may hold) and the tree was expanded that deep; an open object (labels, payload, OCSF `unmapped`)
 * is one `dynamic` leaf, since members the schema does not know would be dropped by any column
 * list.
 */

/** Log Analytics types a stream declaration (and a table) column may have (wire-protocols.md §2.7). */
export type ColumnType = 'string' | 'int' | 'long' | 'real' | 'boolean' | 'datetime' | 'dynamic';

export interface FieldNode {
  /** The member name in the record. */
  readonly name: string;
  readonly type: ColumnType;
  /** The schema's own type (`string_t`, `keyword`, `integer`...), for docs and facet lists. */
  readonly origin: string;
  /** The members of a closed object, when expanded. */
  readonly children?: readonly FieldNode[];
}

/** Merges the top-level nodes of several schemas (OCSF classes): a name whose types disagree becomes `dynamic`. */
export function mergeNodes(lists: readonly (readonly FieldNode[])[]): FieldNode[] {
  const byName = new Map<string, FieldNode>();
  for (const list of lists) {
    for (const node of list) {
      const seen = byName.get(node.name);
      if (seen === undefined) byName.set(node.name, node);
      else if (seen.type !== node.type || (seen.children === undefined) !== (node.children === undefined)) byName.set(node.name, { name: node.name, type: 'dynamic', origin: `${seen.origin}|${node.origin}` });
      else if (seen.children !== undefined && node.children !== undefined) byName.set(node.name, { ...seen, children: mergeNodes([seen.children, node.children]) });
    }
  }
  return [...byName.values()];
}

/** Every leaf with its path from the top. */
export function leaves(nodes: readonly FieldNode[], prefix: readonly string[] = []): { path: string[]; node: FieldNode }[] {
  const out: { path: string[]; node: FieldNode }[] = [];
  for (const n of nodes) {
    const path = [...prefix, n.name];
    if (n.children !== undefined && n.children.length > 0) out.push(...leaves(n.children, path));
    else out.push({ path, node: n });
  }
  return out;
}

/** The node at a dotted path (`actor.user.uid`), following children; undefined when the tree has no such member. */
export function findPath(nodes: readonly FieldNode[], path: readonly string[]): FieldNode | undefined {
  let level: readonly FieldNode[] | undefined = nodes;
  let found: FieldNode | undefined;
  for (const part of path) {
    found = level?.find((n) => n.name === part);
    if (found === undefined) return undefined;
    level = found.children;
  }
  return found;
}
