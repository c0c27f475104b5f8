import jsYaml from 'js-yaml';
import { DocumentPositions, type NodeRecord, type OffsetRange, type Target } from './node-positions.js';
import { KUBERNETES_SCHEMA } from './scalars.js';
import type { SourceText } from './source-text.js';
import { isBinary, parseYamlFile, type YamlDocument } from './yaml-file.js';

/*
 * Reads a manifest once, into values and positions together: js-yaml builds the values with go-yaml v2's scalar
 * typing (scalars.ts), and its listener records where each node lies (node-positions.ts), at a few per cent over a
 * bare load. A file js-yaml cannot read (a syntax error, a duplicate key, an alias bomb, nesting too deep) is read
 * whole by the `yaml` package instead (yaml-file.ts), whose errors say more and which reads on past a broken
 * document, so that the other documents are still linted. Either way the choice is made here, for the whole file,
 * before any rule runs.
 */

/** go-yaml reads up to 10,000 levels; js-yaml recurses per level, and a stack overflow sends the file to `yaml`. */
const MAX_DEPTH = 10_000;

/**
 * Nodes a document may hold once its aliases are expanded. An alias bomb (`a: &a [x, x]`, `b: &b [*a, *a]`, ...)
 * doubles it at every level; real manifests stay far below.
 */
const MAX_EXPANDED_NODES = 1_000_000;

class AliasBomb extends Error {}

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

function record(text: string): { values: unknown[]; recording: Recording } {
  const recording: Recording = { roots: [], anchors: [] };
  const stack: NodeRecord[] = [];
  let anchors = new Map<string, NodeRecord[]>();
  // Expanded size of anchored collections (by value identity, which is how an alias hands js-yaml its value).
  let sizes = new Map<unknown, number>();
  const sizeStack: number[] = [];
  const listener = (event: 'open' | 'close', state: ListenerState) => {
    if (event === 'open') {
      stack.push({ open: state.position, close: state.position, kind: null });
      sizeStack.push(1);
      return;
    }
    const node = stack.pop();
    let size = sizeStack.pop() ?? 1;
    if (!node) return;
    node.close = state.position;
    node.kind = state.kind;
    const { result } = state;
    if (state.kind === 'scalar') {
      // A scalar's records below it are js-yaml's attempts at reading it as a key: not nodes.
      node.scalar = result;
      delete node.children;
      size = 1;
    } else if (typeof result === 'object' && result !== null && state.kind !== null) {
      node.collection = result;
      // js-yaml may read a collection inside an attempt at something else (a flow sequence on the line after its key
      // is first read as a possible mapping key): the outer record then only wraps the real one.
      const only = node.children?.length === 1 ? node.children[0] : undefined;
      if (only?.collection === result) node.children = only.children;
    } else if (state.kind === null && typeof result === 'object' && result !== null) {
      // An alias: it stands for everything it names.
      size = sizes.get(result) ?? 1;
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
      const parentSize = (sizeStack[sizeStack.length - 1] ?? 1) + size;
      if (parentSize > MAX_EXPANDED_NODES) throw new AliasBomb();
      sizeStack[sizeStack.length - 1] = parentSize;
    } else {
      recording.roots.push(node);
      recording.anchors.push(anchors);
      anchors = new Map();
      sizes = new Map();
    }
  };
  const values = jsYaml.loadAll(text, undefined, {
    schema: KUBERNETES_SCHEMA,
    listener: listener as unknown as jsYaml.LoadOptions['listener'],
    maxDepth: MAX_DEPTH,
  } as jsYaml.LoadOptions);
  return { values, recording };
}

export interface ManifestFile {
  documents: YamlDocument[];
  /** Which reader read the file: `fast` (js-yaml, values and positions in one pass) or `precise` (`yaml`). */
  reader: 'fast' | 'precise';
}

export function readManifest(source: SourceText): ManifestFile {
  const { text } = source;
  if (isBinary(text)) return { documents: parseYamlFile(text).documents, reader: 'precise' };
  let read: ReturnType<typeof record>;
  try {
    read = record(text);
  } catch {
    // A syntax error, a duplicate key, an alias bomb or a stack overflow: `yaml` says what and where.
    return { documents: parseYamlFile(text).documents, reader: 'precise' };
  }
  const { values, recording } = read;
  if (recording.roots.length !== values.length) return { documents: parseYamlFile(text).documents, reader: 'precise' };
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
  return { documents, reader: 'fast' };
}
