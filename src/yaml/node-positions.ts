import type { JsonPath } from './json-path.js';

/*
 * Where every node of a document lies, recorded while js-yaml reads it (its `listener` option reports each node as
 * it opens and closes). The records form a tree beside the value js-yaml builds: a mapping's children are its keys
 * and values in turn, a sequence's its items. Only offsets are kept; line and column are worked out for findings.
 */

export interface OffsetRange {
  start: number;
  end: number;
}

/** Which part of a mapping entry a finding points at: its value (the default) or its key. */
export type Target = 'value' | 'key';

/** What js-yaml says of a node when it closes it. */
export interface NodeRecord {
  /** Where js-yaml began reading the node: before the space, comments and properties (`&a`, `!tag`) that precede it. */
  open: number;
  /** Where it stopped: just after a scalar or a flow collection; after trailing space for aliases and block nodes. */
  close: number;
  /** js-yaml's node kind; null for an alias or an empty node. */
  kind: 'scalar' | 'mapping' | 'sequence' | null;
  /** The scalar's value (keys are matched on it); unset for collections. */
  scalar?: unknown;
  /** A collection's value, by identity: how a record that only wraps another is recognised (manifest-reader.ts). */
  collection?: object;
  /** A `<<` merge key. */
  merge?: boolean;
  children?: NodeRecord[];
}

const SPACE = /[ \t\r\n]/;

function childOf(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value)) return typeof segment === 'number' ? value[segment] : undefined;
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, segment)) return (value as Record<string, unknown>)[segment];
  return undefined;
}

/**
 * The records of one document, and the lookup from a JSON path to the node's offsets. The lookup follows aliases and
 * `<<` merges as the value was built, and falls back to the nearest ancestor that exists.
 */
export class DocumentPositions {
  readonly #text: string;
  readonly #root: NodeRecord;
  readonly #value: unknown;
  /** Anchors of the document, each name with its definitions in order (a later one shadows an earlier one). */
  readonly #anchors: ReadonlyMap<string, readonly NodeRecord[]>;

  constructor(text: string, value: unknown, root: NodeRecord, anchors: ReadonlyMap<string, readonly NodeRecord[]>) {
    this.#text = text;
    this.#value = value;
    this.#root = root;
    this.#anchors = anchors;
  }

  /**
   * Offsets of the node at `path`, or of its nearest existing ancestor; undefined when the records do not match the
   * shape of the path's nodes (js-yaml backtracked while reading), so the caller can ask a slower reader.
   */
  locate(path: JsonPath, target: Target = 'value'): OffsetRange | undefined {
    let node: NodeRecord | undefined = this.#root;
    let key: NodeRecord | undefined;
    let value: unknown = this.#value;
    for (const segment of path) {
      const current = this.#dereference(node);
      if (!current) break;
      let next: { key: NodeRecord | undefined; value: NodeRecord } | undefined;
      if (current.kind === 'mapping') {
        next = this.#findPair(current, String(segment), new Set());
      } else if (current.kind === 'sequence' && typeof segment === 'number') {
        const item = current.children?.[segment];
        if (item) next = { key: undefined, value: item };
      }
      const child = childOf(value, segment);
      // The value has the node, the records do not: they are not to be trusted for this path.
      if (!next && child !== undefined) return undefined;
      if (!next) break;
      value = child;
      node = next.value;
      key = next.key;
    }
    const resolved = this.#dereference(node);
    const empty = resolved === undefined || this.#isEmpty(resolved);
    const collection = resolved?.kind === 'mapping' || resolved?.kind === 'sequence';
    // An empty value (`medium:`) has no text of its own, and a collection spans many lines: the key is what a
    // reader looks at.
    if (key && (target === 'key' || empty || collection)) return this.#rangeOf(key);
    if (resolved && !empty) return this.#rangeOf(resolved);
    if (key) return this.#rangeOf(key);
    const at = node ? node.open : this.#contentStart(this.#root);
    return { start: at, end: at };
  }

  #findPair(mapping: NodeRecord, key: string, seen: Set<NodeRecord>): { key: NodeRecord; value: NodeRecord } | undefined {
    const children = mapping.children ?? [];
    // Keys and values alternate; js-yaml may leave one more, empty, record after the last value.
    for (let index = 0; index + 1 < children.length; index += 2) {
      const candidate = children[index];
      const value = children[index + 1];
      if (candidate && value && !candidate.merge && candidate.kind === 'scalar' && String(candidate.scalar) === key) {
        return { key: candidate, value };
      }
    }
    // YAML merge semantics: keys written in the mapping win; merged mappings are searched in the order given.
    for (let index = 0; index + 1 < children.length; index += 2) {
      if (!children[index]?.merge) continue;
      const sources = this.#dereference(children[index + 1]);
      const list = sources?.kind === 'sequence' ? (sources.children ?? []) : [sources];
      for (const source of list) {
        const merged = this.#dereference(source);
        if (merged?.kind !== 'mapping' || seen.has(merged)) continue;
        seen.add(merged);
        const found = this.#findPair(merged, key, seen);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The node an alias names (an alias may name an anchor that is itself an alias: bounded hops). */
  #dereference(node: NodeRecord | undefined): NodeRecord | undefined {
    let current = node;
    for (let hops = 0; hops < 100 && current && this.#isAlias(current); hops++) current = this.#anchored(current);
    return current;
  }

  #isAlias(node: NodeRecord): boolean {
    if (node.kind !== null) return false;
    const start = this.#contentStart(node);
    return start < node.close && this.#text[start] === '*';
  }

  #isEmpty(node: NodeRecord): boolean {
    return node.kind === null && !this.#isAlias(node);
  }

  #anchored(alias: NodeRecord): NodeRecord | undefined {
    const start = this.#contentStart(alias) + 1;
    const name = this.#text.slice(start, this.#nameEnd(start));
    const definitions = this.#anchors.get(name) ?? [];
    let found: NodeRecord | undefined;
    for (const definition of definitions) if (definition.close <= alias.open) found = definition;
    return found;
  }

  /** Where an anchor or alias name ends: at space or a flow indicator. */
  #nameEnd(from: number): number {
    let at = from;
    while (at < this.#text.length && !/[\s,[\]{}]/.test(this.#text[at] ?? ' ')) at++;
    return at;
  }

  /** The node's first character of content: after separation space, comments and properties. */
  #contentStart(node: NodeRecord): number {
    const text = this.#text;
    let at = node.open;
    while (at < node.close) {
      const char = text[at] ?? '';
      if (SPACE.test(char)) at++;
      else if (char === '#') {
        const lineEnd = text.indexOf('\n', at);
        at = lineEnd === -1 ? text.length : lineEnd;
      } else if (char === '&' || char === '!') {
        while (at < node.close && !SPACE.test(text[at] ?? ' ')) at++;
      } else break;
    }
    return at;
  }

  #rangeOf(node: NodeRecord): OffsetRange {
    if (this.#isEmpty(node)) return { start: node.open, end: node.open };
    const start = this.#contentStart(node);
    return { start, end: this.#endOf(node, start) };
  }

  #endOf(node: NodeRecord, start: number): number {
    if (node.kind === null) return this.#nameEnd(start + 1);
    const flow = this.#text[start] === '[' || this.#text[start] === '{';
    if (flow) return node.close;
    if (node.kind === 'scalar') {
      // A plain scalar's reading stops after the space before a comment; a block scalar's after its last line break.
      let end = node.close;
      while (end > start && SPACE.test(this.#text[end - 1] ?? '')) end--;
      return end;
    }
    // A block collection ends where its last entry ends, not after the space and comments js-yaml read past.
    const children = node.children ?? [];
    const last = node.kind === 'mapping' ? children[children.length - (children.length % 2 === 0 ? 1 : 2)] : children[children.length - 1];
    if (!last) return node.close;
    return this.#rangeOf(last).end;
  }
}
