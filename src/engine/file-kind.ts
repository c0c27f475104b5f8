import { isScalar, parseAllDocuments, visit } from '../yaml/yaml-library.js';
import { asGoYamlReadsIt, SourceText } from '../yaml/source-text.js';
import { isBinary } from '../yaml/yaml-file.js';

/**
 * What a file handed to sidecar-lint is, decided from its text before anything is linted: a manifest, YAML
 * that holds no Kubernetes object (a compose file, a CI workflow, Helm values: pre-commit hands those over
 * with the manifests), or a Helm template, which is not YAML until rendered.
 */
export type FileKind =
  | { kind: 'manifest' }
  | { kind: 'not-kubernetes'; reason: string }
  | { kind: 'helm-template'; reason: string };

/**
 * A key `apiVersion:` or `kind:` at the start of a line (or of a list item, or quoted as in JSON). A YAML file
 * without one holds no Kubernetes object.
 */
const KUBERNETES_KEY = /^[ \t]*(?:-[ \t]+)?["']?(?:apiVersion|kind)["']?[ \t]*:/m;

/**
 * The template actions, `{{ ... }}`, which may span lines (`{{/* a comment *\/}}`), each from its `{{` to the first
 * `}}` after it. Found with indexOf rather than `/\{\{[\s\S]*?\}\}/g`, which scanned to the end of the text from every
 * `{{` that has no `}}`: quadratic.
 */
function templateActions(text: string): { action: string; index: number }[] {
  const actions: { action: string; index: number }[] = [];
  for (let open = text.indexOf('{{'); open !== -1; ) {
    const close = text.indexOf('}}', open + 2);
    // No `}}` after this `{{`: none after any later one either.
    if (close === -1) break;
    actions.push({ action: text.slice(open, close + 2), index: open });
    open = text.indexOf('{{', close + 2);
  }
  return actions;
}

/**
 * A Go template action as Helm charts write them: it opens on a field or variable (`.Values`, `$labels`), a
 * comment, a keyword or function of Go templates and Sprig, or any function called with arguments
 * (`{{ trunc 63 .Values.name }}`). Other tools' `{{ ... }}` (Argo Workflows'
 * `{{inputs.parameters.x}}`, `{{=expression}}`) are not Helm: a file where such text breaks the YAML is
 * linted, and yaml-syntax says what kubectl would.
 */
const GO_TEMPLATE_ACTION =
  /^\{\{-?\s*(?:[.$(]|\/\*|"|(?:if|else|end|range|with|define|template|include|block|break|continue|tpl|toYaml|toJson|fromYaml|printf|print|quote|squote|default|required|lookup|indent|nindent|trim|trimSuffix|trimPrefix|upper|lower|title|b64enc|b64dec|len|not|and|or|eq|ne|lt|gt|le|ge|index|dict|list|get|hasKey|empty|coalesce|ternary|semverCompare|replace|contains|hasPrefix|hasSuffix|toString|int|int64|float64|join|split|splitList|sha256sum|randAlphaNum|now|date|uuidv4|env|typeOf|kindIs|fail|cat|regexMatch|regexReplaceAll)\b|[A-Za-z_]\w*[ \t]+[^\s}])/;

/**
 * `valueScalarRanges`, when given, says where the value scalars of `text` lie as a reader that has read it already
 * found them (undefined when it could not), so that a file with template text is not read a second time for it.
 */
export function classifyFile(text: string, valueScalarRanges?: () => [number, number][] | undefined): FileKind {
  if (isBinary(text)) return { kind: 'manifest' };
  // NEL, LS and PS end lines for go-yaml, and so for `^` here.
  if (!KUBERNETES_KEY.test(asGoYamlReadsIt(text))) return { kind: 'not-kubernetes', reason: 'no Kubernetes object in it (no apiVersion or kind)' };
  const structural = structuralTemplateAction(text, valueScalarRanges);
  if (structural === undefined) return { kind: 'manifest' };
  return {
    kind: 'helm-template',
    reason:
      `a Helm template: \`${abbreviate(structural.action)}\` on line ${structural.line} stands where YAML structure ` +
      'goes, so the file is not YAML until rendered. Lint what it renders: helm template ... | sidecar-lint -',
  };
}

/**
 * The first template action that is part of the file's structure rather than of its data, if any. Template
 * text inside a scalar (a ConfigMap holding chart values in a block scalar, an alert's `{{ $labels.pod }}`)
 * is data: a rendered manifest may carry it, and YAML reads it as text. An action is structure where it is
 * not wholly inside a value's scalar: a line that is only an action (`{{- if .Values.x }}`), an action where
 * a value or key goes (`replicas: {{ .Values.n }}`, which YAML reads as a flow mapping), an action in a key,
 * or one that breaks a quoted string (`"{{ include "name" . }}"`). Actions in YAML comments are text.
 */
function structuralTemplateAction(text: string, knownRanges?: () => [number, number][] | undefined): { action: string; line: number } | undefined {
  const actions = templateActions(text);
  if (actions.length === 0) return undefined;
  const ranges = knownRanges?.() ?? valueScalarRanges(text);
  // Too deep to read: the file is linted, and yaml-syntax says why it cannot be read.
  if (ranges === undefined) return undefined;
  // Scalars do not overlap: the one that may hold an action is the last to start at or before it.
  const dataRanges = ranges.sort((a, b) => a[0] - b[0]);
  const comments = new CommentStarts(text);
  for (const { action, index: start } of actions) {
    if (!GO_TEMPLATE_ACTION.test(action)) continue;
    const end = start + action.length;
    const range = dataRanges[lastStartingAtOrBefore(dataRanges, start)];
    if (range && range[0] <= start && end <= range[1]) continue;
    if (comments.isInComment(start)) continue;
    // Lines as everywhere else (source-text.ts): CR, LF and CRLF each end one.
    return { action, line: SourceText.from(text.slice(0, start)).lineCount };
  }
  return undefined;
}

/** The index of the last range starting at or before `offset` in ranges sorted by start; -1 if none. */
function lastStartingAtOrBefore(ranges: readonly [number, number][], offset: number): number {
  let low = 0;
  let high = ranges.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((ranges[middle]?.[0] ?? 0) <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * The source ranges of every scalar that is a value (not a key), however broken the YAML around them;
 * undefined when the nesting is too deep for the reader's recursion.
 */
function valueScalarRanges(text: string): [number, number][] | undefined {
  const ranges: [number, number][] = [];
  try {
    for (const document of parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false })) {
      visit(document, {
        Scalar(key, node) {
          if (key !== 'key' && isScalar(node) && node.range) ranges.push([node.range[0], node.range[1]]);
        },
      });
    }
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  return ranges;
}

/**
 * Whether a `#` that starts a YAML comment (at the line's start or after a space or tab) comes before an offset on
 * its line. Each line is scanned once, for offsets asked in increasing order: many actions on one long line cost
 * the line once, not once each.
 */
class CommentStarts {
  readonly #text: string;
  #lineStart = 0;
  #lineEnd = -1;
  /** Where the current line's comment starts; Infinity when it has none. */
  #commentStart = Number.POSITIVE_INFINITY;

  constructor(text: string) {
    this.#text = text;
  }

  isInComment(offset: number): boolean {
    if (offset > this.#lineEnd || offset < this.#lineStart) this.#moveTo(offset);
    return this.#commentStart < offset;
  }

  #moveTo(offset: number): void {
    const text = this.#text;
    this.#lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const end = text.indexOf('\n', offset);
    this.#lineEnd = end === -1 ? text.length : end;
    this.#commentStart = Number.POSITIVE_INFINITY;
    for (let at = text.indexOf('#', this.#lineStart); at !== -1 && at < this.#lineEnd; at = text.indexOf('#', at + 1)) {
      const before = text[at - 1];
      if (at === this.#lineStart || before === ' ' || before === '\t') {
        this.#commentStart = at;
        return;
      }
    }
  }
}

function abbreviate(action: string): string {
  const oneLine = action.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...}}` : oneLine;
}
