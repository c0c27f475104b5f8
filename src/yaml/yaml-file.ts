import type {
  Document,
  Node as YamlNode,
  Pair,
  ParseOptions,
  DocumentOptions,
  ScalarTag,
  SchemaOptions,
  ToJSOptions,
  YAMLError,
} from 'yaml';
import { isAlias, isCollection, isMap, isScalar, isSeq, parseAllDocuments, visit } from './yaml-library.js';
import type { Position } from '../engine/finding.js';
import type { JsonPath } from './json-path.js';
import type { OffsetRange, Target } from './node-positions.js';
import { SourceText } from './source-text.js';
import { decodeGoBase64 } from '../kubernetes/go-base64.js';

export type { OffsetRange, Target } from './node-positions.js';

/** A problem that stops a document from being read, with offsets into the file's text. */
export interface SyntaxProblem {
  message: string;
  code: string;
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
const BINARY_TAG = 'tag:yaml.org,2002:binary';

/**
 * Kubernetes reads manifests with sigs.k8s.io/yaml, a YAML 1.1 reader: `yes`/`no`/`on`/`off` are booleans
 * and `<<` merge keys work. It does not turn timestamps into dates or `1:20` into sexagesimal numbers,
 * so those 1.1 tags are left out and such scalars stay strings.
 */
const KUBERNETES_YAML: YamlOptions = {
  version: '1.1',
  merge: true,
  prettyErrors: false,
  // Its warnings (a list as a key) would go to stderr raw; what matters of them is reported as a problem.
  logLevel: 'error',
  customTags: (tags) =>
    tags
      .filter((tag) => typeof tag === 'string' || (tag.tag !== TIMESTAMP_TAG && tag.format !== 'TIME'))
      .map((tag) => (typeof tag !== 'string' && tag.tag === BINARY_TAG && tag.collection === undefined ? goYamlBinary(tag as ScalarTag) : tag)),
};

/** `!!binary` as go-yaml reads it: the decoded bytes as a string (scalars.ts), not a Uint8Array. */
function goYamlBinary(tag: ScalarTag): ScalarTag {
  return {
    ...tag,
    resolve: (value, onError) => {
      const bytes = decodeGoBase64(value);
      if (bytes === undefined) onError('!!binary value contains invalid base64 data');
      return bytes?.toString('utf8') ?? value;
    },
  };
}

/** Why a document is not read when the reader runs out of stack: said so, not as a syntax error. */
const TOO_DEEP_MESSAGE =
  "the document nests deeper than sidecar-lint's reader can follow (it recurses once per level; Kubernetes reads up to 10,000 levels)";

/** Far more aliases than any real manifest uses; past it a document is treated as an alias bomb. */
const TO_JS: ToJSOptions = { maxAliasCount: 1000 };

/** A NUL byte never appears in a text file; such a file is binary, whatever its name says. */
export function isBinary(text: string): boolean {
  return text.includes('\u0000');
}

/** Text that cannot be read as YAML, as one document with one problem at `start`. */
function unreadableDocument(code: string, message: string, start = 0, index = 0): YamlDocument {
  return { index, value: undefined, problems: [{ code, message, start, end: start }], locate: () => ({ start, end: start }) };
}

function parseDocumentByDocument(text: string, options: YamlOptions): YamlDocument[] {
  const starts = documentStarts(text);
  const documents: YamlDocument[] = [];
  starts.forEach((start, index) => {
    const end = starts[index + 1] ?? text.length;
    const found: YamlDocument[] = [];
    try {
      parseDocumentsFrom(text.slice(0, end), start, found, options);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      found.splice(0, found.length, unreadableDocument('TOO_DEEP', TOO_DEEP_MESSAGE, start));
    }
    for (const document of found) documents.push({ ...document, index: documents.length });
  });
  return documents;
}

/**
 * Where each document's text starts: at 0, and after each `---` or `...` line. A stretch that holds no
 * document (a leading comment, a `---` that opens the first document) is dropped, as the readers drop it.
 */
function documentStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm)) if (match.index > 0) starts.push(match.index);
  return starts.filter((start, index) => holdsDocument(text.slice(start, starts[index + 1] ?? text.length)));
}

/** Whether a stretch has anything but markers, comments and blank lines: a `---` alone is an empty document. */
function holdsDocument(stretch: string): boolean {
  return stretch.split('\n').some((line) => {
    const content = line.replace(/^(?:---|\.\.\.)/, '').trim();
    return content !== '' && !content.startsWith('#');
  }) || /^---/.test(stretch);
}

/** YAML as most tools read it (1.2 core schema): for sidecar-lint's own config, where `off` is a word. */
export const PLAIN_YAML: ParseOptions & DocumentOptions & SchemaOptions = { version: '1.2', prettyErrors: false, logLevel: 'error' };

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

export function parseYamlFile(text: string, options: YamlOptions = KUBERNETES_YAML): YamlFile {
  const positionAt = lineIndex(text);
  if (isBinary(text)) {
    return { positionAt, documents: [unreadableDocument('BINARY_FILE', `the file is not text (a NUL byte at offset ${text.indexOf('\u0000')})`)] };
  }
  const documents: YamlDocument[] = [];
  try {
    parseDocumentsFrom(text, 0, documents, options);
  } catch (error) {
    // The reader recurses with the nesting: tens of thousands of levels exhaust the stack. Such a document is
    // reported, and the file is read again a document at a time so that the others are still linted.
    if (!(error instanceof RangeError)) throw error;
    return { positionAt, documents: parseDocumentByDocument(text, options) };
  }
  return { positionAt, documents };
}

/**
 * Parses the documents of `text` from offset `base` on. A document marker at the start of a line always ends
 * a document (YAML forbids one inside a scalar), but when a document is broken (an unclosed quote) the
 * reader may run on past it and swallow every later document. Such a document is cut at the marker, and
 * reading starts again after it, so one broken document never costs the findings of the others.
 */
function parseDocumentsFrom(text: string, base: number, out: YamlDocument[], options: YamlOptions): void {
  const source = base === 0 ? text : text.slice(base);
  const parsed = parseAllDocuments(source, options);
  for (const document of Array.isArray(parsed) ? parsed : []) {
    const contentStart = document.contents?.range[0];
    const marker =
      document.errors.length > 0 && contentStart !== undefined
        ? nextDocumentMarker(source, contentStart, document.range[2])
        : undefined;
    if (marker === undefined) {
      out.push(toYamlDocument(document, out.length, source, base));
      continue;
    }
    const cut = parseAllDocuments(source.slice(0, marker), options);
    const last = Array.isArray(cut) ? cut[cut.length - 1] : undefined;
    if (last) out.push(toYamlDocument(last, out.length, source.slice(0, marker), base));
    parseDocumentsFrom(text, base + marker, out, options);
    return;
  }
}

/** The offset of the first `---` or `...` line after `from` and before `to`, if any. */
function nextDocumentMarker(source: string, from: number, to: number): number | undefined {
  const pattern = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  pattern.lastIndex = from;
  const match = pattern.exec(source);
  return match && match.index > from && match.index < to ? match.index : undefined;
}

/** The editor's line and column of an offset, in the one line model (source-text.ts). */
export function lineIndex(text: string): (offset: number) => Position {
  const source = new SourceText(text);
  return (offset) => source.positionAt(offset);
}

/**
 * go-yaml, which Kubernetes reads manifests with, accepts `\'` in a double-quoted string as a single quote;
 * the YAML spec and the `yaml` package do not. Such a document is read as Kubernetes reads it.
 */
function isAcceptedByKubernetes(error: YAMLError, source: string): boolean {
  return error.code === 'BAD_DQ_ESCAPE' && source.startsWith("\\'", error.pos[0]);
}

function unescapeSingleQuotes(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll("\\'", "'");
  if (Array.isArray(value)) return value.map(unescapeSingleQuotes);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, unescapeSingleQuotes(entry)]));
  }
  return value;
}

/**
 * Keys that are a list or a mapping (`? [a, b]`, `{a: 1}: x`): go-yaml refuses them ("invalid map key"), so
 * Kubernetes cannot read the document; JavaScript objects would make them strings.
 */
function collectionKeys(document: Document.Parsed, base: number): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  try {
    visit(document, {
      Pair(_, pair) {
        const key = resolveAlias(document, pair.key);
        if (!isCollection(key) || !isNodeWithRange(pair.key)) return undefined;
        const { start, end } = rangeOf(pair.key);
        problems.push({
          code: 'COLLECTION_KEY',
          message: `a key that is a ${isSeq(key) ? 'list' : 'mapping'}, which go-yaml refuses as an invalid map key`,
          start: base + start,
          end: base + Math.max(end, start + 1),
        });
        return visit.BREAK;
      },
    });
  } catch (error) {
    // Nesting too deep to walk: toJS says so next.
    if (!(error instanceof RangeError)) throw error;
  }
  return problems;
}

function toYamlDocument(document: Document.Parsed, index: number, source: string, base: number): YamlDocument {
  const tolerated = document.errors.filter((error) => isAcceptedByKubernetes(error, source));
  // An error at the very end of a cut-off document belongs to its last line, not to the marker after it.
  const lastOffset = Math.max(source.length - 1, 0);
  const problems: SyntaxProblem[] = document.errors
    .filter((error) => !tolerated.includes(error))
    .map((error) => {
      const start = Math.min(error.pos[0], lastOffset);
      const end = base + Math.max(Math.min(error.pos[1], source.length), start + 1);
      // The reader ran out of stack (deep nesting): not the document's fault.
      if (error.code === 'RESOURCE_EXHAUSTION') return { message: TOO_DEEP_MESSAGE, code: 'TOO_DEEP', start: base + start, end };
      return { message: error.message, code: error.code, start: base + start, end };
    });
  if (problems.length === 0) problems.push(...collectionKeys(document, base));
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = document.toJS(TO_JS);
      if (tolerated.length > 0) value = unescapeSingleQuotes(value);
    } catch (error) {
      const start = base + (document.contents?.range[0] ?? document.range[0]);
      problems.push({
        code: error instanceof ReferenceError ? 'ALIAS_LIMIT' : error instanceof RangeError ? 'TOO_DEEP' : 'UNREADABLE',
        message:
          error instanceof ReferenceError
            ? `the document expands too many aliases (more than ${TO_JS.maxAliasCount}), as an alias bomb does`
            : error instanceof RangeError
              ? TOO_DEEP_MESSAGE
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
    locate: (path, target = 'value') => {
      const range = locateNode(document, path, target);
      return { start: base + range.start, end: base + range.end };
    },
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
  const empty = isScalar(resolved) && resolved.range?.[0] === resolved.range?.[1];
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
