import type { DocumentRule } from '../src/engine/rule.js';

/**
 * The reader's words for the problems people meet most, followed by what to do about them; `readAnyway` for
 * problems the rest of the file is still checked after (the text was read all the same).
 */
const ADVICE: Readonly<Record<string, { advice: string; readAnyway?: true }>> = {
  TAB_AS_INDENT: { advice: 'indent with spaces (editors can be set to insert spaces for the Tab key)' },
  DUPLICATE_KEY: {
    advice:
      'a key appears twice in one mapping: tools that accept it silently keep only one of the two values, so remove or rename the other',
  },
  ALIAS_LIMIT: { advice: 'remove the nested aliases; Kubernetes refuses such documents too' },
  BINARY_FILE: { advice: 'this is not a YAML file: exclude it from the paths given to sidecar-lint' },
  BAD_INDENT: { advice: 'check the indentation of this line against its siblings' },
  INVALID_UTF8: {
    advice: 'kubectl reads manifests as UTF-8 and refuses bytes that are not: save the file as UTF-8',
    readAnyway: true,
  },
  TOO_DEEP: { advice: 'no hand-written manifest nests this deep: check how the file was generated' },
  TOO_LARGE: { advice: 'split the file into smaller ones to have them checked' },
};

const NOT_CHECKED = 'Nothing else in this document was checked.';

const rule: DocumentRule = {
  meta: {
    id: 'yaml-syntax',
    level: 'error',
    summary: 'A YAML document cannot be parsed (bad syntax, tab indentation, duplicate keys, an alias bomb, binary content).',
    tags: ['yaml', 'correctness'],
    precision: 'very-high',
    messages: {
      unreadable: `YAML syntax error: {{problem}}. Kubernetes cannot read this document. ${NOT_CHECKED}`,
      unreadableWithAdvice: `YAML syntax error: {{problem}}; {{advice}}. ${NOT_CHECKED}`,
      readAnyway: 'YAML syntax error: {{problem}}; {{advice}}. The rest of the file was checked as read.',
    },
    fatal: true,
  },
  scope: 'document',
  defaultOptions: {},
  check({ problems, report }) {
    // After the first real syntax error the reader is lost and what follows is an echo of it (one bad indent
    // gave 35 errors in the corpus, duplicate keys among them), so reporting stops there. Duplicate keys
    // before it do not confuse the reader: each is a problem of its own.
    for (const problem of [...problems].sort((a, b) => a.start - b.start)) {
      const { start, end } = problem;
      const known = ADVICE[problem.code];
      const what = problem.message.replace(/\.$/, '');
      if (!known) report({ start, end, messageId: 'unreadable', data: { problem: what } });
      else {
        const messageId = known.readAnyway ? 'readAnyway' : 'unreadableWithAdvice';
        report({ start, end, messageId, data: { problem: what, advice: known.advice } });
      }
      if (problem.code !== 'DUPLICATE_KEY') break;
    }
  },
};

export default rule;
