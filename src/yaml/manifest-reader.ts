import type jsYaml from 'js-yaml';
import { jsYamlLibrary } from '../libraries/lazy.js';
import { readPlainBlockYaml } from './block-reader.js';
import { DocumentPositions, type NodeRecord, type OffsetRange, type Target } from './node-positions.js';
import { kubernetesSchema } from './scalars.js';
import { asGoYamlReadsIt, type SourceText } from './source-text.js';
import { isBinary, parseYamlFile, type SyntaxProblem, type YamlDocument } from './yaml-file.js';

/*
 * Reads a manifest once, into values and positions together. Plain block YAML, what nearly every manifest is, is read
 * by block-reader.ts; anything else by js-yaml, which builds the values with go-yaml v2's scalar typing (scalars.ts)
 * while its listener records where each node lies (node-positions.ts), at a few per cent over a bare load. Both give
 * the same values and records (test/block-reader.test.ts holds the first to the second). A file js-yaml cannot read
 * (a syntax error, a duplicate key, an alias bomb, nesting too deep) is read whole by the `yaml` package instead
 * (yaml-file.ts), whose errors say more and which reads on past a broken document, so that the other documents are
 * still linted; a file too large for it gets js-yaml's own problem. Either way the choice is made here, for the whole
 * file, before any rule runs.
 */

/** go-yaml reads up to 10,000 levels; js-yaml recurses per level, and a stack overflow sends the file to `yaml`. */
const MAX_DEPTH = 10_000;

/**
 * Nodes that aliases may add to a document once expanded. An alias bomb (`a: &a [x, x]`, `b: &b [*a, *a]`, ...)
 * doubles it at every level; real manifests stay far below. Counted on the values aliases name, whatever the
 * anchors are called.
 */
const MAX_EXPANDED_NODES = 1_000_000;

/**
 * Nodes a file may hold for sidecar-lint to read it: the reader records each (about 150 bytes), and the rules walk
 * them. A file past it is reported as too large to check (a finding, not a crash): some 4 MB of a flow list of
 * one-character items, some 100 MB of ordinary manifests (about 50 bytes a node). Memory stays under about 1 GB.
 * With MAX_PRECISE_NODES, reading one file takes under about 1 GB whatever its size (measured: 360 MB at 2M nodes).
 */
export const MAX_NODES_PER_FILE = 2_000_000;

/**
 * The precise reader takes about 1 KB a node, ten times the fast one: past this many nodes (estimated from the text)
 * a file js-yaml cannot read gets js-yaml's error, not the precise reader's, so that memory stays under about 500 MB.
 */
const MAX_PRECISE_NODES = 500_000;

/** go-yaml's longest implicit key: from the key's start to its `:`, 1,024 characters. */
const MAX_IMPLICIT_KEY = 1024;

/** A problem the fast reader finds itself: the precise reader says it better, where the file is not too large. */
class FastReaderProblem extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super(problem.message);
  }
}

class TooManyNodes extends Error {}

interface Recording {
  roots: NodeRecord[];
  anchors: Map<string, NodeRecord[]>[];
}

/** js-yaml's parser state, as much of it as the listener reads. */
interface ListenerState {
  position: number;
  kind: 'scalar' | 'mapping' | 'sequence' | null;
  result: unknown;
  anchor: string | null;
  tag: string | null;
}

/** Whether a key is explicit (`? key`): the `?` indicator comes before it, past space. */
function isExplicitKey(text: string, key: NodeRecord): boolean {
  let at = key.open - 1;
  while (at >= 0 && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n')) at--;
  return text[at] === '?';
}

/**
 * A key of the mapping go-yaml refuses where js-yaml reads it: a list or a mapping (js-yaml makes it a string;
 * go-yaml: invalid map key), or an implicit key running more than 1,024 characters to its `:`.
 */
function refusedKey(text: string, mapping: NodeRecord): SyntaxProblem | undefined {
  const children = mapping.children ?? [];
  for (let index = 0; index < children.length; index += 2) {
    const key = children[index];
    if (!key) continue;
    if (key.kind === 'mapping' || key.kind === 'sequence') {
      const message = `a key that is a ${key.kind === 'sequence' ? 'list' : 'mapping'}, which go-yaml refuses as an invalid map key`;
      return { code: 'COLLECTION_KEY', message, start: key.open, end: key.close };
    }
    const value = children[index + 1];
    if ((value?.open ?? key.close) - key.open > MAX_IMPLICIT_KEY && !isExplicitKey(text, key)) {
      const message = 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key';
      return { code: 'KEY_OVER_1024_CHARS', message, start: key.open, end: key.open + 1 };
    }
  }
  return undefined;
}

function record(text: string): { values: unknown[]; recording: Recording } {
  const recording: Recording = { roots: [], anchors: [] };
  const stack: NodeRecord[] = [];
  let anchors = new Map<string, NodeRecord[]>();
  // Expanded size of anchored collections (by value identity, which is how an alias hands js-yaml its value).
  let sizes = new Map<unknown, number>();
  const sizeStack: number[] = [];
  /** Nodes aliases have added to the current document. */
  let expansion = 0;
  let nodes = 0;
  const listener = (event: 'open' | 'close', state: ListenerState) => {
    if (event === 'open') {
      // Every field from the start, so that all records share one shape (V8 keeps them fast).
      stack.push({ open: state.position, close: state.position, kind: null, scalar: undefined, collection: undefined, merge: false, children: undefined });
      sizeStack.push(1);
      return;
    }
    const node = stack.pop();
    let size = sizeStack.pop() ?? 1;
    if (!node) return;
    if (++nodes > MAX_NODES_PER_FILE) throw new TooManyNodes();
    node.close = state.position;
    node.kind = state.kind;
    const { result } = state;
    if (state.kind === 'scalar') {
      // A scalar's records below it are js-yaml's attempts at reading it as a key: not nodes.
      node.scalar = result;
      node.children = undefined;
      size = 1;
    } else if (typeof result === 'object' && result !== null && state.kind !== null) {
      node.collection = result;
      // js-yaml may read a collection inside an attempt at something else (a flow sequence on the line after its key
      // is first read as a possible mapping key): the outer record then only wraps the real one.
      const only = node.children?.length === 1 ? node.children[0] : undefined;
      if (only?.collection === result) node.children = only.children;
      const refused = state.kind === 'mapping' ? refusedKey(text, node) : undefined;
      if (refused) throw new FastReaderProblem(refused);
    } else if (state.kind === null && typeof result === 'object' && result !== null) {
      // An alias: it stands for everything it names.
      size = sizes.get(result) ?? 1;
      expansion += size;
      if (expansion > MAX_EXPANDED_NODES) {
        const message = `the document expands aliases to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes, as an alias bomb does`;
        throw new FastReaderProblem({ code: 'ALIAS_LIMIT', message, start: node.open, end: node.close });
      }
    }
    if (state.tag === 'tag:yaml.org,2002:merge') node.merge = true;
    if (state.anchor !== null) {
      const definitions = anchors.get(state.anchor) ?? [];
      definitions.push(node);
      anchors.set(state.anchor, definitions);
      if (typeof result === 'object' && result !== null) sizes.set(result, size);
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      (parent.children ??= []).push(node);
      sizeStack[sizeStack.length - 1] = (sizeStack[sizeStack.length - 1] ?? 1) + size;
    } else {
      recording.roots.push(node);
      recording.anchors.push(anchors);
      anchors = new Map();
      sizes = new Map();
      expansion = 0;
    }
  };
  const values = jsYamlLibrary().loadAll(text, undefined, {
    schema: kubernetesSchema(),
    listener: listener as unknown as jsYaml.LoadOptions['listener'],
    maxDepth: MAX_DEPTH,
  } as jsYaml.LoadOptions);
  return { values, recording };
}

/**
 * At least as many as the nodes of the text, whatever its style: every node but the first follows a line break,
 * `,`, `:`, `-`, `?`, `[` or `{`.
 */
function estimatedNodes(text: string): number {
  let count = 1;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    // \n , - : ? [ {
    if (code === 0x0a || code === 0x2c || code === 0x2d || code === 0x3a || code === 0x3f || code === 0x5b || code === 0x7b) count++;
  }
  return count;
}

/** The fast reader's own problem, for a file too large for the precise reader: the file as one unread document. */
function fastReaderProblem(problem: SyntaxProblem): YamlDocument {
  const message = `${problem.message} (the file is too large for the reader that reads on past a problem, so nothing in it was checked)`;
  const { start } = problem;
  return { index: 0, value: undefined, problems: [{ ...problem, message }], locate: () => ({ start, end: start }) };
}

/** What js-yaml's error says, where. */
function syntaxProblemOf(error: jsYaml.YAMLException, text: string): SyntaxProblem {
  const start = Math.min(Math.max(error.mark.position, 0), text.length);
  return { code: 'SYNTAX_ERROR', message: error.reason, start, end: start };
}

/** A file with more nodes than sidecar-lint reads: one document, its problem at the start of the file. */
function tooLarge(): YamlDocument {
  const message =
    `the file holds more than ${MAX_NODES_PER_FILE.toLocaleString('en-US')} YAML nodes, more than sidecar-lint reads ` +
    'within its memory budget (Kubernetes may well accept it)';
  return { index: 0, value: undefined, problems: [{ code: 'TOO_LARGE', message, start: 0, end: 0 }], locate: () => ({ start: 0, end: 0 }) };
}

export interface ManifestFile {
  documents: YamlDocument[];
  /**
   * Which reader read the file: `fast` (block-reader.ts or js-yaml, values and positions in one pass) or `precise`
   * (`yaml`).
   */
  reader: 'fast' | 'precise';
  /**
   * Where each scalar that is a value (not a key) lies, from its record's start to its end: the fast readers' only, as
   * the records give it without reading the file again. js-yaml's records start before the space and properties
   * that precede the scalar; the block reader's at its first character (it leaves template text, where this is
   * asked for, to js-yaml).
   */
  valueScalarRanges?: () => [number, number][];
}

/** The value scalars under the records of a file, in no particular order. */
function valueScalarRangesOf(roots: readonly NodeRecord[]): [number, number][] {
  const ranges: [number, number][] = [];
  const pending: NodeRecord[] = [...roots];
  while (pending.length > 0) {
    const node = pending.pop() as NodeRecord;
    if (node.kind === 'scalar') ranges.push([node.open, node.close]);
    const children = node.children ?? [];
    // A mapping's children are its keys and values in turn: keys are not values.
    if (node.kind === 'mapping') for (let index = 1; index < children.length; index += 2) pending.push(children[index] as NodeRecord);
    else if (node.kind === 'sequence') pending.push(...children);
  }
  return ranges;
}

export function readManifest(source: SourceText): ManifestFile {
  return readWith(source, true) as ManifestFile;
}

/** The file as the fast reader reads it, or undefined where it would hand the file to the precise reader. */
export function readManifestFast(source: SourceText): ManifestFile | undefined {
  return readWith(source, false);
}

/** The file as js-yaml reads it, never block-reader.ts: for the tests that hold that reader to js-yaml. */
export function readManifestWithJsYaml(source: SourceText): ManifestFile {
  return readWith(source, true, false) as ManifestFile;
}

function readWith(source: SourceText, precisely: boolean, plainBlockReader = true): ManifestFile | undefined {
  const text = asGoYamlReadsIt(source.text);
  const preciseRead = (): ManifestFile | undefined => (precisely ? { documents: parseYamlFile(text).documents, reader: 'precise' } : undefined);
  if (isBinary(text)) return preciseRead();
  // Most manifests are plain block YAML, which block-reader.ts reads several times faster than js-yaml, to the same
  // values and records; it leaves everything else to js-yaml.
  const plain = plainBlockReader ? readPlainBlockYaml(text, MAX_NODES_PER_FILE) : undefined;
  if (plain) return fastRead(text, plain.values, { roots: plain.roots, anchors: [] });
  let read: ReturnType<typeof record>;
  try {
    read = record(text);
  } catch (error) {
    // Too many nodes to read without running out of memory: the precise reader would need more still.
    if (error instanceof TooManyNodes) return { documents: [tooLarge()], reader: 'fast' };
    const known =
      error instanceof FastReaderProblem ? error.problem
      : error instanceof jsYamlLibrary().YAMLException && error.mark !== undefined ? syntaxProblemOf(error, text)
      : undefined;
    if (known && estimatedNodes(text) > MAX_PRECISE_NODES) return { documents: [fastReaderProblem(known)], reader: 'fast' };
    // A syntax error, a duplicate key, an alias bomb, a key go-yaml refuses or a stack overflow: `yaml` says what
    // and where.
    return preciseRead();
  }
  const { values, recording } = read;
  if (recording.roots.length !== values.length) return preciseRead();
  return fastRead(text, values, recording);
}

/** The file as the fast readers read it: values and the records of where their nodes lie. */
function fastRead(text: string, values: readonly unknown[], recording: Recording): ManifestFile {
  // Positions from the precise reader, only should js-yaml's records not match a path (never seen on real files).
  let precise: YamlDocument[] | undefined;
  const preciseLocate = (index: number, path: Parameters<YamlDocument['locate']>[0], target?: Target): OffsetRange => {
    precise ??= parseYamlFile(text).documents;
    return precise[index]?.locate(path, target) ?? { start: 0, end: 0 };
  };
  const documents = values.map((value, index): YamlDocument => {
    const root = recording.roots[index];
    const positions = root ? new DocumentPositions(text, value, root, recording.anchors[index] ?? new Map()) : undefined;
    return {
      index,
      value,
      problems: [],
      locate: (path, target) => positions?.locate(path, target) ?? preciseLocate(index, path, target),
    };
  });
  return { documents, reader: 'fast', valueScalarRanges: () => valueScalarRangesOf(recording.roots) };
}
