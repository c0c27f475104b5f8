import type { NodeRecord } from './node-positions.js';
import { resolvePlainScalar } from './scalars.js';

/*
 * A reader for the plain block YAML nearly every manifest is written in: block mappings and sequences, plain scalars
 * (wrapped over lines too), single-line quoted scalars with their escapes, literal block scalars, one-line flow
 * collections, comments and `---`. It builds the same values, with the same scalar typing (scalars.ts), and the same
 * node records (node-positions.ts) as js-yaml with its listener, about twice as fast, because it does less: one pass
 * over the characters, no backtracking, no state object per node.
 *
 * Anything else (anchors, aliases, tags, quoted scalars or flow collections over several lines, folded or kept block
 * scalars, explicit keys, merge keys, null sequence items, tabs, carriage returns, directives, template text,
 * duplicate keys, anything it does not recognise) makes it give up on the file, and js-yaml reads it
 * (manifest-reader.ts). So it never has to be right about YAML it does not read: it only has to recognise it.
 * test/block-reader.test.ts holds it to js-yaml on the fixtures, the corpus, random edits of both and documents
 * written from a grammar: wherever this reader reads a file, values and positions must be js-yaml's.
 */

/** Thrown to give up on a file; a constant, so giving up costs no stack trace. */
const GIVE_UP = Symbol('give up');

/** Past this nesting the recursion here would grow deep: js-yaml reads such files (up to its own bound). */
const MAX_DEPTH = 500;

/** Keys this long may cross go-yaml's 1,024-character limit (manifest-reader.ts checks it): js-yaml reads them. */
const MAX_KEY_LENGTH = 1000;

/** `nextContentLine` at the end of the text, and at a `---` line. */
const END = -1;
const MARKER = -2;

const LF = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const SINGLE = 0x27;
const DOUBLE = 0x22;
const BACKSLASH = 0x5c;
const BAR = 0x7c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** What the reader gives: each document's value and its root record, as manifest-reader.ts's recording has them. */
export interface BlockReading {
  values: unknown[];
  roots: NodeRecord[];
}

function giveUp(): never {
  throw GIVE_UP;
}

function isBreakOrEnd(code: number): boolean {
  return code === LF || Number.isNaN(code);
}

function isSpaceOrEnd(code: number): boolean {
  return code === SPACE || code === LF || Number.isNaN(code);
}

function isFlowIndicator(code: number): boolean {
  return code === COMMA || code === OPEN_BRACKET || code === CLOSE_BRACKET || code === OPEN_BRACE || code === CLOSE_BRACE;
}

/**
 * Characters that cannot start a plain scalar here, or start something this reader leaves to js-yaml: flow
 * indicators, `#`, `&`, `*`, `!`, `|`, `>`, quotes, `%`, `@`, backtick, and `?` or `:` whatever follows them (js-yaml
 * reads `:x` and `?x` as plain scalars; they are rare enough to leave).
 */
function cannotStartPlain(code: number): boolean {
  switch (code) {
    case COMMA:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case BAR:
    case 0x3e: // >
    case SINGLE:
    case DOUBLE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case 0x3f: // ?
    case COLON:
    case SPACE:
    case LF:
      return true;
    default:
      return Number.isNaN(code);
  }
}

function record(kind: NodeRecord['kind'], open: number, close: number, scalar: unknown, collection: object | undefined, children: NodeRecord[] | undefined): NodeRecord {
  // Every field, in the order manifest-reader.ts gives them, so that all records share one shape.
  return { open, close, kind, scalar, collection, merge: false, children };
}

class BlockReader {
  readonly text: string;
  /** Where reading is: within a line, or at the first character of a content line after nextContentLine. */
  pos = 0;
  /** Where the line `pos` is on starts. */
  lineStart = 0;
  /** The indentation of the content line nextContentLine found last, or END or MARKER. */
  lineIndent = 0;
  /** The value of the node read last (its record is what the reading functions return). */
  value: unknown = null;
  depth = 0;
  nodes = 0;
  readonly maxNodes: number;

  constructor(text: string, maxNodes: number) {
    this.text = text;
    this.maxNodes = maxNodes;
  }

  code(at: number): number {
    return this.text.charCodeAt(at);
  }

  count(): void {
    if (++this.nodes > this.maxNodes) giveUp();
  }

  readAll(): BlockReading {
    const values: unknown[] = [];
    const roots: NodeRecord[] = [];
    /** A `---` was read and its document has not been. */
    let markerPending = false;
    let indent = this.nextContentLine();
    for (;;) {
      if (indent === END) {
        // A `---` with nothing after it is a document of its own, null, as js-yaml reads it.
        // js-yaml reads the text with a line break added where it has none at its end.
        if (markerPending) this.emptyDocument(values, roots, this.text.length + (this.text.endsWith('\n') ? 0 : 1));
        // A text of nothing but comments and space: js-yaml's one null document; left to it.
        else if (values.length === 0 && this.text.length > 0) giveUp();
        return { values, roots };
      }
      if (indent === MARKER) {
        if (markerPending) this.emptyDocument(values, roots, this.pos);
        if (this.code(this.pos) !== DASH) giveUp(); // `...`
        this.pos += 3;
        // `--- # comment` is a marker; `--- value` starts a document on the marker's line: left to js-yaml.
        this.endLine();
        markerPending = true;
        indent = this.nextContentLine();
        continue;
      }
      this.depth = 0;
      const root = this.blockNode(indent, -1);
      // A document of one scalar is no Kubernetes object, and js-yaml has its own rules for it.
      if (root.kind === 'scalar') giveUp();
      values.push(this.value);
      roots.push(root);
      markerPending = false;
      indent = this.lineIndent;
      // What follows a document's root can only be another document or the end (a less indented line is an error).
      if (indent >= 0) giveUp();
    }
  }

  emptyDocument(values: unknown[], roots: NodeRecord[], at: number): void {
    // A node like any other: a flood of `---` lines reaches the limit as js-yaml's records would.
    this.count();
    values.push(null);
    roots.push(record(null, at, at, undefined, undefined, undefined));
  }

  /**
   * From a line's start, past blank lines and lines of only a comment, to the first character of the next line with
   * content; returns its indentation, END at the end of the text, or MARKER at a `---` or `...` line (pos at its
   * start).
   */
  nextContentLine(): number {
    const { text } = this;
    const length = text.length;
    let at = this.pos;
    for (;;) {
      const start = at;
      while (text.charCodeAt(at) === SPACE) at++;
      if (at >= length) {
        this.pos = length;
        this.lineStart = start;
        return (this.lineIndent = END);
      }
      const code = text.charCodeAt(at);
      if (code === LF) {
        at++;
        continue;
      }
      if (code === HASH) {
        const end = text.indexOf('\n', at);
        if (end === -1) {
          this.pos = length;
          this.lineStart = start;
          return (this.lineIndent = END);
        }
        at = end + 1;
        continue;
      }
      this.lineStart = start;
      if (at === start && (code === DASH || code === 0x2e) && text.charCodeAt(at + 1) === code && text.charCodeAt(at + 2) === code) {
        // `---x` at a line's start: js-yaml takes the `---` for a marker where a document starts, not elsewhere.
        if (!isSpaceOrEnd(text.charCodeAt(at + 3))) giveUp();
        this.pos = at;
        return (this.lineIndent = MARKER);
      }
      this.pos = at;
      return (this.lineIndent = at - start);
    }
  }

  /** After a node's text on its line: only space and a comment may follow it there. Moves to the next line's start. */
  endLine(): void {
    const { text } = this;
    let at = this.pos;
    while (text.charCodeAt(at) === SPACE) at++;
    const code = text.charCodeAt(at);
    // A comment needs space before it (`"a"#b` is an error).
    if (code === HASH && text.charCodeAt(at - 1) === SPACE) {
      const end = text.indexOf('\n', at);
      at = end === -1 ? text.length : end;
    } else if (!isBreakOrEnd(code)) giveUp();
    this.pos = at < text.length ? at + 1 : at;
  }

  /**
   * The node whose first character is at pos, at column `column`, under a parent at `parentColumn`: at the start of
   * its line's content, or after a sequence's `-`.
   */
  blockNode(column: number, parentColumn: number): NodeRecord {
    if (++this.depth > MAX_DEPTH) giveUp();
    const code = this.code(this.pos);
    let node: NodeRecord;
    if (code === DASH && isSpaceOrEnd(this.code(this.pos + 1))) node = this.sequence(column);
    else if (this.keyEnd(this.pos) >= 0) node = this.mapping(column);
    else {
      node = this.inlineNode(parentColumn);
      this.finishLine(node, true);
    }
    this.depth--;
    return node;
  }

  /**
   * After a node inlineNode read: moves to the next content line, where a block scalar has left pos already. js-yaml
   * first tries a flow collection that is a sequence item (`asItem`) or on a line of its own as a mapping key, and the
   * record it keeps ends after the space that follows.
   */
  finishLine(node: NodeRecord, asItem: boolean): void {
    // Only a block scalar starts with `|` (plain scalars cannot).
    if (node.kind === 'scalar' && this.code(node.open) === BAR) return;
    if (asItem && node.kind !== 'scalar') {
      while (this.code(node.close) === SPACE) node.close++;
    }
    this.endLine();
    this.nextContentLine();
  }

  /**
   * If a block mapping key starts at `at`, where its `:` is; else -1. Plain keys end at the first `: ` (or `:` at the
   * line's end) before any comment; quoted keys are single-line quoted scalars followed by `:`.
   */
  keyEnd(at: number): number {
    const { text } = this;
    const first = text.charCodeAt(at);
    if (first === DOUBLE || first === SINGLE) {
      const close = this.quotedEnd(at);
      let after = close;
      while (text.charCodeAt(after) === SPACE) after++;
      return text.charCodeAt(after) === COLON && isSpaceOrEnd(text.charCodeAt(after + 1)) ? after : -1;
    }
    if (cannotStartPlain(first) || (first === DASH && isSpaceOrEnd(text.charCodeAt(at + 1)))) return -1;
    for (let index = at + 1; ; index++) {
      const code = text.charCodeAt(index);
      if (code === COLON && isSpaceOrEnd(text.charCodeAt(index + 1))) return index;
      if (isBreakOrEnd(code) || (code === HASH && text.charCodeAt(index - 1) === SPACE)) return -1;
    }
  }

  /** Where the single-line quoted scalar starting at `at` ends (past its closing quote). */
  quotedEnd(at: number): number {
    const { text } = this;
    const quote = text.charCodeAt(at);
    for (let index = at + 1; ; index++) {
      const code = text.charCodeAt(index);
      if (isBreakOrEnd(code)) giveUp();
      if (code === BACKSLASH && quote === DOUBLE) {
        // An escape; `\` at the line's end joins the next line: js-yaml's.
        if (isBreakOrEnd(text.charCodeAt(index + 1))) giveUp();
        index++;
        continue;
      }
      if (code === quote) {
        // '' inside single quotes is one quote.
        if (quote === SINGLE && text.charCodeAt(index + 1) === SINGLE) {
          index++;
          continue;
        }
        return index + 1;
      }
    }
  }

  quotedValue(start: number, end: number): string {
    const inner = this.text.slice(start + 1, end - 1);
    if (this.code(start) === SINGLE) return inner.includes("''") ? inner.replaceAll("''", "'") : inner;
    return inner.includes('\\') ? unescapeDoubleQuoted(inner) : inner;
  }

  /**
   * After an indicator (a key's `:`, a sequence's `-`): past the space after it. If nothing but a comment follows on
   * the line, moves to the next content line and returns its indentation (the node, if any, is below); else returns
   * undefined, pos at the node on this line.
   */
  indentBelow(): number | undefined {
    const { text } = this;
    while (text.charCodeAt(this.pos) === SPACE) this.pos++;
    const code = text.charCodeAt(this.pos);
    if (!isBreakOrEnd(code) && code !== HASH) return undefined;
    this.endLine();
    return this.nextContentLine();
  }

  /** A block mapping whose first key is at pos, its keys at `column`. */
  mapping(column: number): NodeRecord {
    const { text } = this;
    const object: Record<string, unknown> = {};
    const children: NodeRecord[] = [];
    const node = record('mapping', this.pos, this.pos, undefined, object, children);
    this.count();
    for (;;) {
      // The key.
      const keyStart = this.pos;
      const colon = this.keyEnd(keyStart);
      if (colon < 0) giveUp();
      const first = text.charCodeAt(keyStart);
      let keyClose: number;
      let keyValue: unknown;
      if (first === DOUBLE || first === SINGLE) {
        keyClose = this.quotedEnd(keyStart);
        keyValue = this.quotedValue(keyStart, keyClose);
      } else {
        keyClose = colon;
        while (text.charCodeAt(keyClose - 1) === SPACE) keyClose--;
        const plain = text.slice(keyStart, keyClose);
        // `<<` merges: js-yaml's.
        if (plain === '<<') giveUp();
        const resolved = resolvePlainScalar(plain);
        keyValue = 'value' in resolved ? resolved.value : plain;
      }
      if (colon - keyStart > MAX_KEY_LENGTH) giveUp();
      const key = String(keyValue);
      // A duplicate key is an error js-yaml and `yaml` report; `__proto__` needs js-yaml's care.
      if (key === '__proto__' || Object.hasOwn(object, key)) giveUp();
      this.count();
      const keyNode = record('scalar', keyStart, keyClose, keyValue, undefined, undefined);
      // The value: on this line, or on the lines below, or empty.
      this.pos = colon + 1;
      const indent = this.indentBelow();
      let valueNode: NodeRecord;
      if (indent !== undefined) {
        if (indent > column) valueNode = this.blockNode(indent, column);
        else if (indent === column && text.charCodeAt(this.pos) === DASH && isSpaceOrEnd(text.charCodeAt(this.pos + 1))) {
          // A sequence may stand at its key's own indentation.
          if (++this.depth > MAX_DEPTH) giveUp();
          valueNode = this.sequence(column);
          this.depth--;
        } else {
          this.count();
          this.value = null;
          valueNode = record(null, colon + 1, colon + 1, undefined, undefined, undefined);
        }
      } else {
        valueNode = this.inlineNode(column);
        this.finishLine(valueNode, false);
      }
      object[key] = this.value;
      children.push(keyNode, valueNode);
      if (this.lineIndent < column) break;
      if (this.lineIndent > column) giveUp();
    }
    node.close = this.pos;
    this.value = object;
    return node;
  }

  /** A block sequence whose first `-` is at pos, at `column`. */
  sequence(column: number): NodeRecord {
    const { text } = this;
    const items: unknown[] = [];
    const children: NodeRecord[] = [];
    const node = record('sequence', this.pos, this.pos, undefined, items, children);
    this.count();
    for (;;) {
      this.pos++;
      const indent = this.indentBelow();
      let item: NodeRecord;
      if (indent !== undefined) {
        // `-` with nothing under it is a null item: js-yaml's.
        if (indent <= column) giveUp();
        item = this.blockNode(indent, column);
      } else {
        // On the `-` line: a nested sequence or a mapping has its column where its first item or key starts.
        item = this.blockNode(this.pos - this.lineStart, column);
      }
      items.push(this.value);
      children.push(item);
      if (this.lineIndent !== column || text.charCodeAt(this.pos) !== DASH || !isSpaceOrEnd(text.charCodeAt(this.pos + 1))) {
        if (this.lineIndent > column) giveUp();
        break;
      }
    }
    node.close = this.pos;
    this.value = items;
    return node;
  }

  /**
   * A node that starts on the current line and, but for a block scalar, ends on it: a plain or quoted scalar, a flow
   * collection or a literal block scalar (whose lines belong to a parent at `parentColumn`). Leaves pos after it.
   */
  inlineNode(parentColumn: number): NodeRecord {
    const { text } = this;
    const start = this.pos;
    const code = text.charCodeAt(start);
    this.count();
    if (code === DOUBLE || code === SINGLE) {
      const end = this.quotedEnd(start);
      this.value = this.quotedValue(start, end);
      this.pos = end;
      return record('scalar', start, end, this.value, undefined, undefined);
    }
    if (code === OPEN_BRACKET || code === OPEN_BRACE) return this.flowCollection();
    if (code === BAR) return this.literalScalar(parentColumn + 1);
    if (cannotStartPlain(code) || (code === DASH && isSpaceOrEnd(text.charCodeAt(start + 1)))) giveUp();
    let end = this.plainLineEnd(start);
    let plain = text.slice(start, end);
    // Lines below indented past the parent continue the scalar, folded (a description wrapped over lines).
    if (isBreakOrEnd(text.charCodeAt(this.lineContentEnd(end))) && parentColumn >= 0) {
      let at = text.indexOf('\n', end);
      let emptyLines = 0;
      while (at !== -1) {
        let content = at + 1;
        while (text.charCodeAt(content) === SPACE) content++;
        const code = text.charCodeAt(content);
        if (code === LF) {
          emptyLines++;
          at = content;
          continue;
        }
        if (Number.isNaN(code) || content - (at + 1) <= parentColumn) break;
        // A comment line, or a line that holds a key or a comment: js-yaml's.
        if (code === HASH) giveUp();
        const lineEnd = this.plainLineEnd(content);
        if (!isBreakOrEnd(text.charCodeAt(this.lineContentEnd(lineEnd)))) giveUp();
        plain += (emptyLines === 0 ? ' ' : '\n'.repeat(emptyLines)) + text.slice(content, lineEnd);
        emptyLines = 0;
        end = lineEnd;
        at = text.indexOf('\n', lineEnd);
      }
    }
    const resolved = resolvePlainScalar(plain);
    this.value = 'value' in resolved ? resolved.value : plain;
    this.pos = end;
    return record('scalar', start, end, this.value, undefined, undefined);
  }

  /**
   * Where the plain scalar text starting at `start` ends on its line: before a comment, the line's end or the space
   * before them. A `: ` in it (`a: b: c`, or a key in a continuation line) is js-yaml's to judge.
   */
  plainLineEnd(start: number): number {
    const { text } = this;
    let end = start + 1;
    for (let at = start + 1; ; at++) {
      const next = text.charCodeAt(at);
      if (isBreakOrEnd(next)) break;
      if (next === SPACE) continue;
      if (next === HASH && text.charCodeAt(at - 1) === SPACE) break;
      if (next === COLON && isSpaceOrEnd(text.charCodeAt(at + 1))) giveUp();
      end = at + 1;
    }
    return end;
  }

  /** Past the space after `at` on its line. */
  lineContentEnd(at: number): number {
    let end = at;
    while (this.code(end) === SPACE) end++;
    return end;
  }

  /** A `|` or `|-` block scalar as js-yaml's readBlockScalar reads it; `nodeIndent` is its parent's column + 1. */
  literalScalar(nodeIndent: number): NodeRecord {
    const { text } = this;
    const start = this.pos;
    let at = start + 1;
    let strip = false;
    if (text.charCodeAt(at) === DASH) {
      strip = true;
      at++;
    }
    // `|+`, indentation indicators and anything else after the header: js-yaml's.
    this.pos = at;
    this.endLine();
    at = this.pos;
    let textIndent = nodeIndent;
    let detected = false;
    let emptyLines = 0;
    let didReadContent = false;
    let result = '';
    let lastContentEnd = start + (strip ? 2 : 1);
    for (;;) {
      const lineStart = at;
      let indent = 0;
      while ((!detected || indent < textIndent) && text.charCodeAt(at) === SPACE) {
        indent++;
        at++;
      }
      if (!detected && indent > textIndent) textIndent = indent;
      const code = text.charCodeAt(at);
      if (code === LF) {
        emptyLines++;
        at++;
        continue;
      }
      // At the end of a text without a final line break, js-yaml's positions run past the text: left to it.
      if (Number.isNaN(code) && !text.endsWith('\n')) giveUp();
      if (Number.isNaN(code) || indent < textIndent) {
        // The scalar ends before this line (or at the end of the text, which js-yaml reads as a line of indent 0).
        if (!detected && textIndent === 0) giveUp();
        if (!strip && didReadContent) result += '\n';
        this.pos = lineStart;
        break;
      }
      result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      didReadContent = true;
      detected = true;
      emptyLines = 0;
      const end = text.indexOf('\n', at);
      const lineEnd = end === -1 ? text.length : end;
      result += text.slice(at, lineEnd);
      // Where the range ends: after the last character that is not space (node-positions.ts trims the same way).
      let trimmed = lineEnd;
      while (trimmed > at && text.charCodeAt(trimmed - 1) === SPACE) trimmed--;
      if (trimmed > at) lastContentEnd = trimmed;
      at = end === -1 ? text.length : end + 1;
    }
    this.value = result;
    const node = record('scalar', start, Math.max(lastContentEnd, this.headerEnd(start)), result, undefined, undefined);
    this.nextContentLine();
    return node;
  }

  /** Where a block scalar's header line ends, without the space before the line break. */
  headerEnd(start: number): number {
    const end = this.text.indexOf('\n', start);
    let at = end === -1 ? this.text.length : end;
    while (at > start && this.code(at - 1) === SPACE) at--;
    return at;
  }

  /** A flow sequence or mapping that opens and closes on this line, of plain and quoted scalars and flow collections. */
  flowCollection(): NodeRecord {
    const { text } = this;
    if (++this.depth > MAX_DEPTH) giveUp();
    const start = this.pos;
    const isMapping = text.charCodeAt(start) === OPEN_BRACE;
    const close = isMapping ? CLOSE_BRACE : CLOSE_BRACKET;
    const items: unknown[] = [];
    const object: Record<string, unknown> = {};
    const children: NodeRecord[] = [];
    const node = record(isMapping ? 'mapping' : 'sequence', start, start, undefined, isMapping ? object : items, children);
    this.pos++;
    this.skipFlowSpace();
    if (text.charCodeAt(this.pos) === close) this.pos++;
    else {
      for (;;) {
        const entry = this.flowNode();
        if (isMapping) {
          if (entry.kind !== 'scalar') giveUp();
          const key = String(this.value);
          if (key === '__proto__' || Object.hasOwn(object, key) || text.charCodeAt(this.pos) !== COLON || text.charCodeAt(this.pos + 1) !== SPACE) giveUp();
          if (entry.close - entry.open > MAX_KEY_LENGTH) giveUp();
          this.pos++;
          this.skipFlowSpace();
          const value = this.flowNode();
          object[key] = this.value;
          children.push(entry, value);
        } else {
          items.push(this.value);
          children.push(entry);
        }
        const code = text.charCodeAt(this.pos);
        if (code === close) {
          this.pos++;
          break;
        }
        if (code !== COMMA) giveUp();
        this.pos++;
        this.skipFlowSpace();
        // A trailing comma, or an empty entry: js-yaml's.
        const next = text.charCodeAt(this.pos);
        if (next === COMMA || next === CLOSE_BRACKET || next === CLOSE_BRACE) giveUp();
      }
    }
    node.close = this.pos;
    this.value = isMapping ? object : items;
    this.depth--;
    return node;
  }

  skipFlowSpace(): void {
    while (this.code(this.pos) === SPACE) this.pos++;
  }

  /** A scalar or collection inside a flow collection; leaves pos past it and the space after it. */
  flowNode(): NodeRecord {
    const { text } = this;
    const start = this.pos;
    const code = text.charCodeAt(start);
    this.count();
    let node: NodeRecord;
    if (code === DOUBLE || code === SINGLE) {
      const end = this.quotedEnd(start);
      this.value = this.quotedValue(start, end);
      this.pos = end;
      node = record('scalar', start, end, this.value, undefined, undefined);
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      node = this.flowCollection();
    } else {
      if (cannotStartPlain(code)) giveUp();
      if (code === DASH) {
        const following = text.charCodeAt(start + 1);
        if (isSpaceOrEnd(following) || isFlowIndicator(following)) giveUp();
      }
      let end = start + 1;
      let at = start + 1;
      for (; ; at++) {
        const next = text.charCodeAt(at);
        if (isFlowIndicator(next)) break;
        // A line break (the collection goes on below) or a comment: js-yaml's.
        if (isBreakOrEnd(next) || (next === HASH && text.charCodeAt(at - 1) === SPACE)) giveUp();
        if (next === COLON) {
          const following = text.charCodeAt(at + 1);
          // `key: value` in a flow mapping; `[a: b]` and `{a:[b]}` are js-yaml's.
          if (isSpaceOrEnd(following)) break;
          if (isFlowIndicator(following)) giveUp();
        }
        if (next !== SPACE) end = at + 1;
      }
      const plain = text.slice(start, end);
      const resolved = resolvePlainScalar(plain);
      this.value = 'value' in resolved ? resolved.value : plain;
      this.pos = end;
      node = record('scalar', start, end, this.value, undefined, undefined);
    }
    this.skipFlowSpace();
    return node;
  }
}

/** js-yaml's one-character escapes in double quotes. */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\t',
  n: '\n',
  v: '\x0B',
  f: '\x0C',
  r: '\r',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029',
};

const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** The text of a double-quoted scalar between its quotes, escapes read as js-yaml reads them. */
function unescapeDoubleQuoted(inner: string): string {
  let result = '';
  let from = 0;
  for (let at = inner.indexOf('\\'); at !== -1; at = inner.indexOf('\\', from)) {
    result += inner.slice(from, at);
    const letter = inner[at + 1] ?? '';
    const simple = ESCAPES[letter];
    const digits = HEX_DIGITS[letter];
    if (simple !== undefined) {
      result += simple;
      from = at + 2;
    } else if (digits !== undefined) {
      const hex = inner.slice(at + 2, at + 2 + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) giveUp();
      const codePoint = Number.parseInt(hex, 16);
      if (codePoint > 0x10ffff) giveUp();
      result += String.fromCodePoint(codePoint);
      from = at + 2 + digits;
    } else giveUp();
  }
  return result + inner.slice(from);
}


/**
 * The documents of `text` (as go-yaml reads it: asGoYamlReadsIt), values and records, or undefined where this reader
 * leaves the text to js-yaml.
 */
export function readPlainBlockYaml(text: string, maxNodes: number): BlockReading | undefined {
  // Tabs and carriage returns change what space means; `{{` is template text (file-kind.ts reads its records).
  // Directives (`%`) and `...` lines are not read here either: the reader gives up where they start.
  if (text.includes('\t') || text.includes('\r') || text.includes('{{')) return undefined;
  try {
    return new BlockReader(text, maxNodes).readAll();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    // Recursion deeper than the stack allows, despite MAX_DEPTH: js-yaml's, which knows how to fail.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
