import type { DocumentRule } from '../src/engine/rule.js';
import type { SyntaxProblem } from '../src/yaml/yaml-file.js';

/** The reader's words for the problems people meet most, followed by what to do about them. */
const ADVICE: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces (editors can be set to insert spaces for the Tab key)',
  DUPLICATE_KEY:
    'a key appears twice in one mapping: tools that accept it silently keep only one of the two values, so remove or rename the other',
  ALIAS_LIMIT: 'remove the nested aliases; Kubernetes refuses such documents too',
  BINARY_FILE: 'this is not a YAML file: exclude it from the paths given to sidecar-lint',
  BAD_INDENT: 'check the indentation of this line against its siblings',
  INVALID_UTF8: 'kubectl reads manifests as UTF-8 and refuses bytes that are not: save the file as UTF-8',
  TOO_DEEP: 'no hand-written manifest nests this deep: check how the file was generated',
};

/** Problems the rest of the file is still checked after: the text was read all the same. */
const READ_ANYWAY: ReadonlySet<string> = new Set(['INVALID_UTF8']);

function describe(problem: SyntaxProblem): string {
  const advice = ADVICE[problem.code];
  const what = problem.message.replace(/\.$/, '');
  const rest = READ_ANYWAY.has(problem.code)
    ? 'The rest of the file was checked as read.'
    : 'Nothing else in this document was checked.';
  return advice
    ? `YAML syntax error: ${what}; ${advice}. ${rest}`
    : `YAML syntax error: ${what}. Kubernetes cannot read this document. ${rest}`;
}

const rule: DocumentRule = {
  meta: {
    id: 'yaml-syntax',
    level: 'error',
    summary: 'A YAML document cannot be parsed (bad syntax, tab indentation, duplicate keys, an alias bomb, binary content).',
    tags: ['yaml', 'correctness'],
    precision: 'very-high',
    fatal: true,
  },
  scope: 'document',
  defaultOptions: {},
  check({ problems, report }) {
    // After the first real syntax error the reader is lost and what follows is an echo of it (one bad indent
    // gave 35 errors in the corpus, duplicate keys among them), so reporting stops there. Duplicate keys
    // before it do not confuse the reader: each is a problem of its own.
    for (const problem of [...problems].sort((a, b) => a.start - b.start)) {
      report({ start: problem.start, end: problem.end, message: describe(problem) });
      if (problem.code !== 'DUPLICATE_KEY') break;
    }
  },
};

export default rule;
