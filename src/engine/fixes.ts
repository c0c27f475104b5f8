import { isDeepStrictEqual } from 'node:util';
import type { Document, Node as YamlNode, YAMLMap } from 'yaml';
import { isMap, isScalar, isSeq, parseAllDocuments } from '../yaml/yaml-library.js';
import type { Fix, TextEdit } from './finding.js';
import type { FixIntent } from './rule.js';
import type { JsonPath } from '../yaml/json-path.js';
import { readManifest } from '../yaml/manifest-reader.js';
import { SourceText, normalizeSourceText } from '../yaml/source-text.js';
import type { YamlDocument } from '../yaml/yaml-file.js';

/*
 * Fixes: a rule states what it would change against JSON paths (rule.ts, FixIntent); this module turns that into
 * edits of the file's own text, never a re-serialised document, so comments, anchors, quoting, indentation, CRLF
 * and byte-order marks stay as written. Nodes are found with the `yaml` package's syntax tree, whose ranges are
 * offsets into the normalized text (source-text.ts); the edits are then moved onto the text as read, whose only
 * difference in length is the byte-order marks normalization drops at line starts.
 *
 * Every fix is checked before it is offered: the edited document is read again as the engine reads it, and must
 * come out as the old value with the intended change and nothing else (the others' text is not touched). A fix that would pass through an alias, change what an anchor names elsewhere, or read
 * differently than meant is not offered.
 */

export type { Fix, TextEdit } from './finding.js';

/** The reader's options for finding nodes: YAML 1.1 with merge keys, as the engine reads manifests. */
const TREE_OPTIONS = { version: '1.1', merge: true, prettyErrors: false, logLevel: 'silent' } as const;

/** A plain scalar every YAML 1.1 and 1.2 reader reads as this string (a DNS name, an annotation key). */
const PLAIN_SAFE = /^[A-Za-z][A-Za-z0-9._/-]*$/;
/** Words YAML 1.1 reads as booleans or null. */
const NOT_STRINGS = /^(?:y|n|yes|no|true|false|on|off|null)$/i;

/** A `---` or `...` line: where a document's text ends, whatever comes before (a new one each time: it keeps state). */
const documentMarker = () => /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/** Larger documents get no fixes: their tree would cost too much memory (about 1 KB a node). */
const MAX_FIXED_DOCUMENT = 1024 * 1024;

/**
 * Characters a file's fixes may read again to check themselves: hundreds of fixes in documents of ordinary size
 * (a few KB), a few in a document of a megabyte; past it the findings stay, without fixes.
 */
const MAX_CHECKED = 8 * 1024 * 1024;

/** One document's syntax tree: its offsets count from `base` in the normalized text, where its text starts. */
interface Tree {
  document: Document.Parsed;
  base: number;
  /** Where its text ends: the next document marker, or the end of the file. */
  end: number;
  /** Whether its text, read alone, reads as the engine read it in the file; found on first use. */
  faithful: boolean | undefined;
}

/** A string as YAML text: plain where that reads back as the same string, double-quoted otherwise. */
export function yamlString(value: string): string {
  return PLAIN_SAFE.test(value) && !NOT_STRINGS.test(value) ? value : JSON.stringify(value);
}

/** An edit of the normalized text, before it is moved onto the text as read; line breaks are `\n`. */
interface NormalizedEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Offsets of the normalized text on the text as read: they differ by the byte-order marks dropped at line starts.
 * `afterMark`: whether an offset where a mark was dropped is after it (text that begins the line) or before it
 * (the end of the previous line, or an insertion there).
 */
class OriginalOffsets {
  /** Normalized offsets where a mark was dropped, ascending. */
  readonly #marks: number[] = [];

  constructor(raw: string) {
    if (!raw.includes('\uFEFF')) return;
    let dropped = 0;
    for (const match of raw.matchAll(/^\uFEFF/gm)) this.#marks.push(match.index - dropped++);
  }

  toOriginal(offset: number, afterMark: boolean): number {
    let before = 0;
    for (const mark of this.#marks) {
      if (mark < offset || (afterMark && mark === offset)) before++;
      else break;
    }
    return offset + before;
  }
}

/** The fixes of one file's findings: the syntax tree is read on the first fix asked for. */
export class FileFixer {
  readonly #raw: string;
  readonly #source: SourceText;
  readonly #documents: readonly YamlDocument[];
  readonly #offsets: OriginalOffsets;
  /** Each document's tree, by where its text starts. */
  readonly #trees = new Map<number, Tree | undefined>();
  /** Characters read again to check fixes: bounded, so that a hostile file costs time linear in its size. */
  #checked = 0;

  /** `raw`: the text as read; `source` its normalized text; `documents` as the engine read them. */
  constructor(raw: string, source: SourceText, documents: readonly YamlDocument[]) {
    this.#raw = raw;
    this.#source = source;
    this.#documents = documents;
    this.#offsets = new OriginalOffsets(raw);
  }

  /** The fix for `intent` in `document`, or undefined where it cannot be made safely. Never throws. */
  fixFor(document: YamlDocument, intent: FixIntent): Fix | undefined {
    try {
      return this.#fixFor(document, intent);
    } catch {
      // A document too deep to walk or compare: no fix, the finding stays.
      return undefined;
    }
  }

  #fixFor(document: YamlDocument, intent: FixIntent): Fix | undefined {
    if (this.#checked > MAX_CHECKED || !this.#documents.includes(document)) return undefined;
    if (document.value === undefined || document.problems.length > 0) return undefined;
    const tree = this.#treeOf(document);
    if (!tree) return undefined;
    const planned = intent.replace ? this.#planReplace(tree, intent.replace) : this.#planInsert(tree, intent.insert);
    if (!planned) return undefined;
    const edit = this.#toOriginal(planned);
    const expected = intent.replace
      ? withValue(document.value, intent.replace.path, intent.replace.value)
      : withEntry(document.value, intent.insert.path, intent.insert.key, intent.insert.value);
    if (expected === undefined || !this.#readsAsExpected(tree, document, { ...planned, text: normalizeSourceText(edit.text) }, expected)) return undefined;
    return { description: intent.description ?? describe(intent), edits: [edit] };
  }

  /**
   * The `yaml` package's tree of the document the engine read at `document`: its text runs from the document
   * marker before its root to the next one (a marker at a line start always ends a document), and is read alone.
   */
  #treeOf(document: YamlDocument): Tree | undefined {
    const text = this.#source.text;
    const at = document.locate([]).start;
    let start = 0;
    for (const match of text.slice(0, at).matchAll(documentMarker())) start = match.index;
    const marker = documentMarker();
    marker.lastIndex = at + 1;
    const next = marker.exec(text);
    const end = next ? next.index : text.length;
    if (this.#trees.has(start)) return this.#trees.get(start);
    let tree: Tree | undefined;
    if (end - start <= MAX_FIXED_DOCUMENT) {
      const found = (parseAllDocuments(text.slice(start, end), TREE_OPTIONS) as Document.Parsed[]).filter((candidate) => candidate.contents !== null);
      const only = found.length === 1 ? found[0] : undefined;
      if (only && only.errors.length === 0) tree = { document: only, base: start, end, faithful: undefined };
    }
    this.#trees.set(start, tree);
    return tree;
  }

  #planReplace(tree: Tree, replace: { path: JsonPath; value: string }): NormalizedEdit | undefined {
    const found = follow(tree.document, replace.path);
    if (!found || found.depth !== replace.path.length) return undefined;
    const { node } = found;
    if (!isScalar(node) || typeof node.value !== 'string' || node.anchor !== undefined || !node.range) return undefined;
    const start = tree.base + node.range[0];
    const end = tree.base + node.range[1];
    const written = this.#source.text.slice(start, end);
    let text: string;
    if (node.type === 'PLAIN') text = yamlString(replace.value);
    else if (node.type === 'QUOTE_DOUBLE' && written.startsWith('"')) text = JSON.stringify(replace.value);
    else if (node.type === 'QUOTE_SINGLE' && written.startsWith("'")) text = `'${replace.value.replaceAll("'", "''")}'`;
    else return undefined;
    return { start, end, text };
  }

  #planInsert(tree: Tree, insert: { path: JsonPath; key: string; value: string }): NormalizedEdit | undefined {
    const found = follow(tree.document, insert.path);
    if (!found || !isMap(found.node) || (found.node.items.length === 0 && !found.node.flow)) return undefined;
    const missing = insert.path.slice(found.depth);
    if (missing.some((segment) => typeof segment !== 'string')) return undefined;
    const keys = [...(missing as string[]), insert.key];
    const map = found.node;
    // The key is there already (the path was whole): not an insertion.
    if (missing.length === 0 && map.items.some((pair) => isScalar(pair.key) && String(pair.key.value) === insert.key)) return undefined;
    return map.flow
      ? this.#insertIntoFlow(tree.base, map, keys, insert.value)
      : this.#insertIntoBlock(tree.base, map, found.parentKey, keys, insert.value);
  }

  /** `{a: 1}` → `{a: 1, key: value}`; missing mappings are written in flow style too. */
  #insertIntoFlow(base: number, map: YAMLMap, keys: readonly string[], value: string): NormalizedEdit | undefined {
    const text = this.#source.text;
    if (!map.range) return undefined;
    const close = base + map.range[1] - 1;
    if (text[close] !== '}') return undefined;
    let before = close - 1;
    while (before >= 0 && /\s/.test(text[before] ?? '')) before--;
    const previous = text[before];
    const separator = previous === '{' ? '' : previous === ',' ? ' ' : ', ';
    let entry = `${yamlString(keys[keys.length - 1] ?? '')}: ${yamlString(value)}`;
    for (const key of keys.slice(0, -1).reverse()) entry = `${yamlString(key)}: {${entry}}`;
    // Right after the last entry, so a mapping spread over lines keeps its closing brace on its own line; before
    // the brace where a comment ends that line.
    const lineStart = text.lastIndexOf('\n', before) + 1;
    const at = text.slice(lineStart, before + 1).includes('#') ? close : before + 1;
    return { start: at, end: at, text: `${separator}${entry}` };
  }

  /** A new line after the mapping's last entry, at its keys' indentation; missing mappings one step deeper each. */
  #insertIntoBlock(base: number, map: YAMLMap, parentKey: YamlNode | undefined, keys: readonly string[], value: string): NormalizedEdit | undefined {
    const text = this.#source.text;
    const firstKey = map.items[0]?.key;
    if (!isScalar(firstKey) || !firstKey.range || !map.range) return undefined;
    const indent = this.#columnOf(base + firstKey.range[0]);
    const step = this.#indentStep(base, map, parentKey, indent);
    const lines = keys.map((key, depth) => `${' '.repeat(indent + depth * step)}${yamlString(key)}:${depth === keys.length - 1 ? ` ${yamlString(value)}` : ''}`);
    // After the line the mapping's last content ends on (a trailing comment stays with its entry).
    let last = base + map.range[1];
    while (last > 0 && /\s/.test(text[last - 1] ?? '')) last--;
    const lineEnd = text.indexOf('\n', last);
    if (lineEnd < 0) return { start: text.length, end: text.length, text: `\n${lines.join('\n')}` };
    return { start: lineEnd + 1, end: lineEnd + 1, text: `${lines.join('\n')}\n` };
  }

  /** How far the document indents a mapping under its key: from this mapping's key, or a nested one; else 2. */
  #indentStep(base: number, map: YAMLMap, parentKey: YamlNode | undefined, indent: number): number {
    if (parentKey?.range) {
      const step = indent - this.#columnOf(base + parentKey.range[0]);
      if (step > 0) return step;
    }
    for (const pair of map.items) {
      const child = pair.value;
      if (isMap(child) && !child.flow && isScalar(pair.key) && pair.key.range) {
        const childKey = child.items[0]?.key;
        if (isScalar(childKey) && childKey.range) {
          const step = this.#columnOf(base + childKey.range[0]) - this.#columnOf(base + pair.key.range[0]);
          if (step > 0) return step;
        }
      }
    }
    return 2;
  }

  #columnOf(offset: number): number {
    return this.#source.positionAt(offset).column - 1;
  }

  /** The edit on the text as read: offsets past dropped byte-order marks, line breaks as the file writes them. */
  #toOriginal(edit: NormalizedEdit): TextEdit {
    const insertion = edit.start === edit.end;
    const start = this.#offsets.toOriginal(edit.start, !insertion);
    const end = insertion ? start : this.#offsets.toOriginal(edit.end, false);
    const text = edit.text.includes('\n') ? edit.text.replaceAll('\n', this.#lineBreakAt(start)) : edit.text;
    return { range: { start: this.#source.positionAt(edit.start), end: this.#source.positionAt(edit.end) }, start, end, text };
  }

  /** The line break of the line before `offset` in the text as read, or the file's first one. */
  #lineBreakAt(offset: number): string {
    const raw = this.#raw;
    if (raw[offset - 1] === '\n') return raw[offset - 2] === '\r' ? '\r\n' : '\n';
    if (raw[offset - 1] === '\r') return '\r';
    return /\r\n|\r|\n/.exec(raw)?.[0] ?? '\n';
  }

  /**
   * Whether the edited document reads as `expected`, the engine's value with the intended change alone. Documents
   * are read apart (no anchor reaches across `---`), so the edited one is read by itself, once its text alone has
   * been found to read as the engine read it in the file; the others' text is not touched.
   */
  #readsAsExpected(tree: Tree, document: YamlDocument, edit: NormalizedEdit, expected: unknown): boolean {
    const { base: start, end } = tree;
    if (edit.start < start || edit.end > end) return false;
    const text = this.#source.text.slice(start, end);
    this.#checked += 2 * text.length;
    if (this.#checked > MAX_CHECKED) return false;
    const alone = (value: string) => {
      const documents = readManifest(new SourceText(value)).documents;
      return documents.length === 1 && documents[0]?.problems.length === 0 ? documents[0].value : undefined;
    };
    tree.faithful ??= isDeepStrictEqual(alone(text), document.value);
    if (!tree.faithful) return false;
    const fixed = text.slice(0, edit.start - start) + edit.text + text.slice(edit.end - start);
    return isDeepStrictEqual(alone(fixed), expected);
  }
}

function describe(intent: FixIntent): string {
  if (intent.replace) return `Replace the value with \`${intent.replace.value}\``;
  return `Add \`${intent.insert.key}: ${intent.insert.value}\``;
}

/**
 * The node at `path`, or the deepest mapping on the way to it when the rest is missing (`depth`: the segments
 * found), with the key it is the value of. Undefined where the way passes an alias, a merged key (the text to edit
 * is elsewhere) or anything but mappings and sequences.
 */
function follow(tree: Document.Parsed, path: JsonPath): { node: unknown; depth: number; parentKey: YamlNode | undefined } | undefined {
  let node: unknown = tree.contents;
  let parentKey: YamlNode | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    if (isMap(node)) {
      const pair = node.items.find((candidate) => isScalar(candidate.key) && typeof candidate.key.value !== 'symbol' && String(candidate.key.value) === String(segment));
      if (!pair) {
        const merges = node.items.some((candidate) => isScalar(candidate.key) && candidate.key.source === '<<');
        return merges ? undefined : { node, depth, parentKey };
      }
      node = pair.value;
      parentKey = isScalar(pair.key) ? pair.key : undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      parentKey = undefined;
      if (node === undefined) return undefined;
    } else return undefined;
  }
  return { node, depth: path.length, parentKey };
}

/** A copy that shares nothing, so that a change at one path shows nowhere else (aliases share values). */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) Object.defineProperty(copy, key, { value: copyOf(entry), enumerable: true, writable: true, configurable: true });
    return copy;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The document value with the string at `path` set to `value`; undefined when the path does not lead to a string. */
function withValue(document: unknown, path: JsonPath, value: string): unknown {
  const copy = copyOf(document);
  const parent = at(copy, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined || parent === undefined) return undefined;
  if (Array.isArray(parent) && typeof last === 'number' && typeof parent[last] === 'string') parent[last] = value;
  else if (isRecord(parent) && Object.hasOwn(parent, last) && typeof parent[String(last)] === 'string') parent[String(last)] = value;
  else return undefined;
  return copy;
}

/** The document value with `key: value` added to the mapping at `path`, the missing mappings on the way created. */
function withEntry(document: unknown, path: JsonPath, key: string, value: string): unknown {
  const copy = copyOf(document);
  let node: unknown = copy;
  for (const segment of path) {
    if (!isRecord(node)) return undefined;
    const name = String(segment);
    if (!Object.hasOwn(node, name)) Object.defineProperty(node, name, { value: {}, enumerable: true, writable: true, configurable: true });
    node = node[name];
  }
  if (!isRecord(node) || Object.hasOwn(node, key)) return undefined;
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function at(value: unknown, path: JsonPath): unknown {
  let node = value;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && Object.hasOwn(node, segment)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

/**
 * `text` with `edits` made, each at offsets of the text as given. Edits that overlap one already taken (in the
 * order given) are left out: they are for the next pass, once the text has been read again. Returns the text and
 * the edits made.
 */
export function applyEditsReporting(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[] } {
  const applied: TextEdit[] = [];
  for (const edit of edits) if (!applied.some((taken) => overlaps(taken, edit))) applied.push(edit);
  let out = text;
  for (const edit of [...applied].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, applied };
}

/** The edits of a finding's fix, none when it has no fix: what an editor's code action applies. */
export function editsOf(finding: { fix?: Fix | undefined }): readonly TextEdit[] {
  return finding.fix?.edits ?? [];
}

/** `text` with `edits` made (see applyEditsReporting: overlapping ones are left out). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return applyEditsReporting(text, edits).text;
}

/** Two edits that touch the same text, or insert at one point (which goes first would be a guess). */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies whole fixes to `text`: a fix whose edits overlap an earlier fix's is left for the next pass. Returns the
 * text and the fixes applied.
 */
export function applyFixes<T extends { fix?: Fix | undefined }>(text: string, fixables: readonly T[]): { text: string; applied: T[] } {
  const taken: TextEdit[] = [];
  const applied: T[] = [];
  for (const fixable of fixables) {
    const edits = fixable.fix?.edits ?? [];
    if (edits.length === 0 || edits.some((edit) => taken.some((other) => overlaps(other, edit)))) continue;
    taken.push(...edits);
    applied.push(fixable);
  }
  return { text: applyEditsReporting(text, taken).text, applied };
}
