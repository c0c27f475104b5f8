import {
  LineCounter,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node as YamlNode,
  type Pair,
  type ParseOptions,
  type DocumentOptions,
  type SchemaOptions,
  type ToJSOptions,
} from 'yaml';
import type { Position } from './finding.js';
import type { JsonPath } from './json-path.js';

/** A problem that stops a document from being read, with offsets into the file's text. */
export interface SyntaxProblem {
  message: string;
  code: string;
  start: number;
  end: number;
}

/** Which part of a mapping entry a finding points at: its value (the default) or its key. */
export type Target = 'value' | 'key';

export interface OffsetRange {
  start: number;
  end: number;
}

export interface YamlDocument {
  /** 0-based position of the document in its file. */
  index: number;
  /** The document as Kubernetes reads it, or undefined when it is too broken to read. */
  value: unknown;
  problems: SyntaxProblem[];
  /** Offsets of the node at `path`, or of its nearest existing ancestor. */
  locate(path: JsonPath, target?: Target): OffsetRange;
}

export interface YamlFile {
  documents: YamlDocument[];
  /** Converts an offset into the editor's 1-based line and column. */
  positionAt(offset: number): Position;
}

const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

/**
 * Kubernetes reads manifests with sigs.k8s.io/yaml, a YAML 1.1 reader: `yes`/`no`/`on`/`off` are booleans
 * and `<<` merge keys work. It does not turn timestamps into dates or `1:20` into sexagesimal numbers,
 * so those 1.1 tags are left out and such scalars stay strings.
 */
const KUBERNETES_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  prettyErrors: false,
  customTags: (tags) =>
    tags.filter((tag) => typeof tag === 'string' || (tag.tag !== TIMESTAMP_TAG && tag.format !== 'TIME')),
};

/** Far more aliases than any real manifest uses; past it a document is treated as an alias bomb. */
const TO_JS: ToJSOptions = { maxAliasCount: 1000 };

/** A NUL byte never appears in a text file; such a file is binary, whatever its name says. */
function isBinary(text: string): boolean {
  return text.includes('\u0000');
}

export function parseYamlFile(text: string): YamlFile {
  const lineCounter = new LineCounter();
  const positionAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (isBinary(text)) {
    const offset = text.indexOf('\u0000');
    lineCounter.addNewLine(0);
    return {
      positionAt: () => ({ line: 1, column: 1 }),
      documents: [
        {
          index: 0,
          value: undefined,
          problems: [{ code: 'BINARY_FILE', message: `the file is not text (a NUL byte at offset ${offset})`, start: 0, end: 0 }],
          locate: () => ({ start: 0, end: 0 }),
        },
      ],
    };
  }
  const parsed = parseAllDocuments(text, { ...KUBERNETES_YAML, lineCounter });
  const documents = Array.isArray(parsed) ? parsed : [];
  return {
    positionAt,
    documents: documents.map((document, index) => toYamlDocument(document, index, text.length)),
  };
}

function toYamlDocument(document: Document.Parsed, index: number, textLength: number): YamlDocument {
  const problems: SyntaxProblem[] = document.errors.map((error) => ({
    message: error.message,
    code: error.code,
    start: error.pos[0],
    end: Math.min(Math.max(error.pos[1], error.pos[0] + 1), Math.max(textLength, error.pos[0])),
  }));
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = document.toJS(TO_JS);
    } catch (error) {
      const start = document.contents?.range[0] ?? document.range[0];
      problems.push({
        code: error instanceof ReferenceError ? 'ALIAS_LIMIT' : 'UNREADABLE',
        message:
          error instanceof ReferenceError
            ? `the document expands too many aliases (more than ${TO_JS.maxAliasCount}), as an alias bomb does`
            : `the document cannot be read: ${error instanceof Error ? error.message : String(error)}`,
        start,
        end: start + 1,
      });
    }
  }
  return {
    index,
    value,
    problems,
    locate: (path, target = 'value') => locateNode(document, path, target),
  };
}

/**
 * Walks the document's nodes along `path`, through aliases and `<<` merge keys, as `toJS` did to build the
 * value the rules saw. Runs only for findings, so clean documents never pay for positions.
 */
export function locateNode(document: Document, path: JsonPath, target: Target): OffsetRange {
  let node: unknown = document.contents;
  let key: unknown;
  for (const segment of path) {
    const current = resolveAlias(document, node);
    let next: { value: unknown; key: unknown } | undefined;
    if (isMap(current)) {
      const pair = findPair(document, current.items, String(segment), new Set());
      if (pair) next = { value: pair.value, key: pair.key };
    } else if (isSeq(current) && typeof segment === 'number') {
      const item: unknown = current.items[segment];
      if (item !== undefined) next = { value: item, key: undefined };
    }
    if (!next) break;
    node = next.value;
    key = next.key;
    if (node === null || node === undefined) {
      node = undefined;
      break;
    }
  }
  const resolved = resolveAlias(document, node);
  // An empty value (`medium:`) is a zero-width scalar after the colon: its key is what a reader sees.
  const empty = isScalar(resolved) && resolved.range !== undefined && resolved.range[0] === resolved.range[1];
  const pointAtKey = target === 'key' || resolved === undefined || empty || isCollection(resolved);
  if (pointAtKey && isNodeWithRange(key)) return rangeOf(key);
  if (isNodeWithRange(resolved)) return rangeOf(resolved);
  if (isNodeWithRange(key)) return rangeOf(key);
  const start = document.range?.[0] ?? 0;
  return { start, end: start };
}

function findPair(document: Document, items: Pair[], key: string, seen: Set<unknown>): Pair | undefined {
  for (const pair of items) {
    if (isScalar(pair.key) && typeof pair.key.value !== 'symbol' && String(pair.key.value) === key) return pair;
  }
  // YAML merge semantics: keys written in the mapping win; merged mappings are searched in the order given.
  for (const pair of items) {
    if (!isMergeKey(pair.key)) continue;
    const sources = resolveAlias(document, pair.value);
    const list = isSeq(sources) ? sources.items : [sources];
    for (const source of list) {
      const map = resolveAlias(document, source);
      if (!isMap(map) || seen.has(map)) continue;
      seen.add(map);
      const found = findPair(document, map.items, key, seen);
      if (found) return found;
    }
  }
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.source === '<<';
}

function resolveAlias(document: Document, node: unknown): unknown {
  let current = node;
  // An alias may name an anchor that is itself an alias; a bounded loop keeps a malformed chain harmless.
  for (let hops = 0; hops < 100 && isAlias(current); hops++) current = current.resolve(document);
  return current;
}

function isNodeWithRange(node: unknown): node is YamlNode & { range: [number, number, number] } {
  return (isScalar(node) || isCollection(node) || isAlias(node)) && Array.isArray(node.range);
}

function rangeOf(node: { range: [number, number, number] }): OffsetRange {
  return { start: node.range[0], end: node.range[1] };
}
