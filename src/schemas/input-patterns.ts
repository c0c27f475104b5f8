import type { RE2JS } from 're2js';
import { re2Library } from '../libraries/lazy.js';

/*
 * The regular expressions of schemas that come from the input (a CRD's `pattern`, a schema file's) are RE2, which
 * the API server runs in time linear in the text: Go's regexp. A JavaScript RegExp backtracks instead, and
 * `^(a+)+$` on forty characters takes minutes. So ajv runs them with re2js, a port of RE2 to JavaScript (linear,
 * and it reads the RE2 syntax the API server reads, `(?i)` included).
 *
 * RE2 matches in time proportional to the text times the compiled program, which a pattern such as `[a-z]{1000}`
 * repeated makes large: a pattern over MAX_PROGRAM_SIZE instructions, or one RE2 refuses (the API server refuses
 * such a CRD too), is not checked, and the schema says so in its notes.
 */

/** Instructions of a compiled pattern. Real CRD patterns stay in the hundreds (`{0,253}` repeats included). */
export const MAX_PROGRAM_SIZE = 5_000;

/** What ajv calls on a compiled pattern. */
interface PatternMatcher {
  test(text: string): boolean;
  toString(): string;
}

/** A pattern ajv compiled that is not checked, and why. */
export interface DroppedPattern {
  pattern: string;
  reason: string;
}

const ACCEPT_ALL = (pattern: string): PatternMatcher => ({ test: () => true, toString: () => `unchecked:${pattern}` });

/**
 * ajv's `code.regExp` engine: RE2 semantics, linear time. A pattern it cannot run is reported to `onDropped` and
 * accepts every value, so that the rest of the schema is still checked.
 */
export function re2Engine(onDropped: (dropped: DroppedPattern) => void): ((pattern: string) => PatternMatcher) & { code: string } {
  const engine = (pattern: string): PatternMatcher => {
    let compiled: RE2JS;
    try {
      compiled = re2Library().RE2JS.compile(pattern);
    } catch (error) {
      onDropped({ pattern, reason: `RE2 cannot read it (${error instanceof Error ? error.message : String(error)})` });
      return ACCEPT_ALL(pattern);
    }
    if (compiled.programSize() > MAX_PROGRAM_SIZE) {
      onDropped({ pattern, reason: `it compiles to more than ${MAX_PROGRAM_SIZE.toLocaleString('en-US')} instructions` });
      return ACCEPT_ALL(pattern);
    }
    return { test: (text) => compiled.test(text), toString: () => pattern };
  };
  // ajv writes this into standalone code only; validators compiled at run time call the function itself.
  return Object.assign(engine, { code: 're2js' });
}
