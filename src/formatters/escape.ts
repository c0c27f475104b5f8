/*
 * What reaches a terminal or a CI log from the input (file names, YAML values quoted in messages, config values) is
 * written by whoever opened the pull request. Left raw, it can move the cursor, clear the screen or rewrite a line
 * (ESC, CSI, OSC, CR), or become a GitHub Actions workflow command (`::error ...::` at a line's start, `##[` anywhere
 * on a line) that forges an annotation or stops command processing. Every such string goes through here, one field
 * at a time, before the formatter adds its own layout (newlines, colours).
 */

/**
 * Characters a terminal or a log viewer acts on instead of showing: C0 controls and DEL, C1 controls (U+0080–U+009F,
 * which include NEL and the 8-bit CSI and OSC), the line and paragraph separators, and the bidirectional overrides
 * and isolates that make text read in another order than it is written.
 */
const ACTIVE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visibleEscape(character: string): string {
  const short = SHORT_ESCAPES[character];
  if (short !== undefined) return short;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Every active character as a visible escape (`\x1b`, `\r`, `\u202e`); the rest of the text as it is. */
export function escapeControlCharacters(text: string): string {
  return text.replace(ACTIVE_CHARACTERS, visibleEscape);
}

/**
 * Breaks GitHub Actions workflow commands: the runner reads `##[` anywhere on a line (the old syntax), and `::` at
 * the start of a line once leading white space is trimmed. The first `#` of `##[`, or the first colon, becomes
 * `\x23` or `\x3a`, so the text still reads the same to a person.
 */
export function neutraliseWorkflowCommands(text: string): string {
  return text.replaceAll('##[', '\\x23#[').replace(/^(\s*)::/u, '$1\\x3a:');
}

/**
 * A string from the input, made safe to print as one field of one line on a terminal or in a CI log: no control
 * character, no line break, no workflow command. Used by every formatter that writes lines for people (text,
 * github) and for the `sidecar-lint: <subject>: <message>` lines on standard error; JSON reports go through
 * jsonReportText.
 */
export function escapeForTerminal(text: string): string {
  return neutraliseWorkflowCommands(escapeControlCharacters(text));
}

/** JSON.stringify escapes C0 controls only: what else is active is found here, in a JSON text. */
const ACTIVE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|##\[/g;

/**
 * A JSON text (a json, sarif or gitlab report, which is often printed to a CI log) with every active character the
 * input may have put in a string written as a `\uXXXX` escape, and `##[` as `\u0023#[`: the same data to a JSON
 * reader, inert to a terminal and a runner. Outside strings a JSON text has none of these, so the whole text can go
 * through.
 */
function jsonForLog(json: string): string {
  return json.replace(ACTIVE_IN_JSON, (found) =>
    found === '##[' ? '\\u0023#[' : `\\u${found.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A report as the JSON text the json, sarif and gitlab formats write: indented, inert in a log, ending in a newline. */
export function jsonReportText(report: unknown): string {
  return `${jsonForLog(JSON.stringify(report, null, 2))}\n`;
}
