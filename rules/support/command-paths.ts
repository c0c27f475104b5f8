import { remembered } from './remembered.js';
/**
 * Absolute file paths named in a container's command, args and env values, and the path arithmetic that
 * compares them with mount paths. Pure functions: no Kubernetes knowledge beyond what a path looks like.
 *
 * The strings may be a program's arguments (`--config=/etc/app/app.yaml`), a whole shell script
 * (`tail -F /var/log/app/*.log > /dev/stdout`), an env value (`/data/cache`, `PATH`-style lists) or something
 * else that merely contains slashes (URLs, regular expressions, `host:/export`). The reader errs on the side
 * of naming fewer paths: a missed path is a missed finding, a made-up one a false alarm.
 */

/** An absolute path found in a string. Read-only: pathsIn hands the same objects to every caller of a text. */
export interface NamedPath {
  /** The path as written, wildcards and variables included: `/var/log/app/*.log`. */
  readonly text: string;
  /**
   * The literal directory part, normalised (no `.`, `..`, `//` or trailing `/`): everything before the first
   * segment with a wildcard, a variable or a character a file name rarely has. `/var/log/app` for the above.
   */
  readonly path: string;
  /** What follows `path` in `text`, to carry over when the path is translated: `/*.log` above, often `''`. */
  readonly rest: string;
}

/** Operators of a shell script, longest first. A newline outside quotes ends a command too. */
const OPERATORS = ['<<<', '<<-', '&&', '||', ';;', '>>', '>&', '>|', '&>', '<<', '<>', ';', '&', '|', '(', ')', '`', '<', '>', '\n'];
const OPERATOR_START = new Set(OPERATORS.map((operator) => operator.charAt(0)));
/** Operators that end a simple command. */
const COMMAND_END = new Set([';', ';;', '&', '&&', '||', '|', '(', ')', '`', '\n']);
/** Operators whose next word is a file the command reads or writes. */
const REDIRECTS = new Set(['<', '>', '>>', '>|', '&>', '<>']);
/** Operators whose next word is no file: a here-string, a here-document's delimiter, a file descriptor. */
const DATA_AFTER = new Set(['<<<', '<<', '<<-', '>&']);
/** Redirects that send a command's output to a file. */
const OUTPUT_REDIRECTS = new Set(['>', '>>', '>|', '&>']);
/** Operators that leave what follows glued to something before them: `$(pwd)/out`, `` `pwd`/out ``. */
const CONTINUES_AFTER = new Set([')', '`']);
const BLANKS = new Set([' ', '\t', '\r', '\f', '\v']);
/** Programs whose words are text they print: when that text goes to a file or a pipe, it is data. */
const PRINTERS = new Set(['echo', 'printf']);

/** A segment made of these only is a plain file name; anything else (`*`, `$`, `{`, `^`, `\`) ends the literal part. */
const PLAIN_SEGMENT = /^[\w.@%+~:-]+$/;
/** Option or variable names whose values are URL paths (`--web.route-prefix=/prom`, `HEALTH_URL`), not files. */
const URL_NAME = /(url|uri|route|prefix|endpoint|href|http|web[-_.]?path|base[-_.]?path|context[-_.]?path|location)/i;

export type Token =
  | {
      kind: 'word';
      text: string;
      /** Glued to a closing quote, `)` or backtick before it: `"$DIR"/app.log`, `$(pwd)/out`. */
      continuation: boolean;
    }
  | { kind: 'operator'; text: string };

/**
 * Splits a string into shell-like tokens. It is no shell parser, and is not meant to be one: blanks split
 * words even inside quotes, so a script quoted inside a script (`su -c "tail -f /x"`) is read too, while
 * operator characters inside quotes stay in their word (`sed 's|/a|/b|'` is one word, no paths). The bodies
 * of here-documents are skipped: they are text for some program, not paths this container opens.
 */
export function shellTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let continuation = false;
  let quote: string | undefined;
  let gluedAfter = false;
  /** Here-document delimiters waiting for their word, and those waiting for the end of their line. */
  let delimiterNext = false;
  const heredocs: { delimiter: string; tabs: boolean }[] = [];
  let tabsNext = false;
  const flush = () => {
    if (current === '') return;
    let word = current;
    // In quotes, operator characters stay in the word; a trailing one (`"cd /x; ls"`) still ends it.
    if (quote !== undefined) word = trimTrailing(word, ';&|)');
    if (delimiterNext) {
      heredocs.push({ delimiter: current, tabs: tabsNext });
      delimiterNext = false;
    }
    if (word !== '') tokens.push({ kind: 'word', text: word, continuation });
    current = '';
  };
  const append = (chars: string) => {
    if (current === '') continuation = gluedAfter;
    gluedAfter = false;
    current += chars;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === '\\' && quote !== "'") {
      const next = text.charAt(index + 1);
      index++;
      // A backslash before a line break continues the line; before anything else it keeps that character in
      // the word (`find ... \;`), and the backslash itself ends the word's literal path part.
      if (next === '' || next === '\n' || next === '\r') flush();
      else append(char + next);
      continue;
    }
    if (quote !== undefined ? char === quote : char === '"' || char === "'") {
      // A quoted word after `<<` (`<<'EOF'`) is the delimiter all the same.
      flush();
      // A word right after a closing quote continues the quoted one: `"$LOG_DIR"/app.log` is no absolute path.
      gluedAfter = quote !== undefined;
      quote = quote === undefined ? char : undefined;
      continue;
    }
    if (quote !== undefined) {
      if (BLANKS.has(char) || char === '\n') flush();
      else append(char);
      continue;
    }
    if (BLANKS.has(char)) {
      flush();
      gluedAfter = false;
      continue;
    }
    if (OPERATOR_START.has(char)) {
      const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index)) ?? char;
      flush();
      tokens.push({ kind: 'operator', text: operator });
      index += operator.length - 1;
      gluedAfter = CONTINUES_AFTER.has(operator);
      if (operator === '<<' || operator === '<<-') {
        delimiterNext = true;
        tabsNext = operator === '<<-';
      }
      if (operator === '\n' && heredocs.length > 0) index = skipHeredocs(text, index + 1, heredocs.splice(0)) - 1;
      continue;
    }
    append(char);
  }
  flush();
  return tokens;
}

/** From the first line of a here-document's body, the offset just after the last body's delimiter line. */
function skipHeredocs(text: string, from: number, heredocs: readonly { delimiter: string; tabs: boolean }[]): number {
  let offset = from;
  for (const { delimiter, tabs } of heredocs) {
    while (offset < text.length) {
      const newline = text.indexOf('\n', offset);
      const end = newline < 0 ? text.length : newline;
      const line = text.slice(offset, end).replace(/\r$/, '');
      offset = newline < 0 ? text.length : newline + 1;
      if ((tabs ? line.replace(/^\t+/, '') : line).trim() === delimiter) break;
    }
  }
  // Hand the lexer the newline that ended the last delimiter line, so the next command starts afresh.
  return Math.max(from, offset - 1);
}

/** A word of a script, and whether it names something the command opens or is only text. */
export interface ScriptWord {
  text: string;
  /** Glued to a closing quote, `)` or backtick before it: `"$DIR"/app.log`, `$(pwd)/out`. */
  continuation: boolean;
  /** Text a command prints into a file or a pipe, a here-string, a here-document delimiter or a file descriptor. */
  data: boolean;
  /** The word before it, if any. */
  previous: string | undefined;
}

interface SimpleCommand {
  /** The program's name without its directory; undefined until a word that is no `VAR=value` assignment. */
  name: string | undefined;
  /** Its output goes to a file (`>`, `>>`) or into a pipe. */
  captured: boolean;
  /** Words right after a redirect: files the command opens, whatever it prints. */
  targets: Set<number>;
  data: Set<number>;
}

const newCommand = (): SimpleCommand => ({ name: undefined, captured: false, targets: new Set(), data: new Set() });

/**
 * The words of a script with what they are. The text `echo` or `printf` write into a file or a pipe is data:
 * a script that writes a config file for another container names that container's paths
 * (`echo "log_dir=/var/log/app" > /config/app.conf`), not paths of its own.
 */
export function scriptWords(text: string): ScriptWord[] {
  const tokens = shellTokens(text);
  let command = newCommand();
  const commandOf = new Map<number, SimpleCommand>();
  let previousOperator: string | undefined;
  tokens.forEach((token, index) => {
    if (token.kind === 'operator') {
      if (token.text === '|' || OUTPUT_REDIRECTS.has(token.text)) command.captured = true;
      if (COMMAND_END.has(token.text)) command = newCommand();
      previousOperator = token.text;
      return;
    }
    commandOf.set(index, command);
    if (previousOperator !== undefined && REDIRECTS.has(previousOperator)) command.targets.add(index);
    else if (previousOperator !== undefined && DATA_AFTER.has(previousOperator)) command.data.add(index);
    else if (command.name === undefined && !/^[A-Za-z_]\w*=/.test(token.text)) command.name = token.text.split('/').pop();
    previousOperator = undefined;
  });
  const words: ScriptWord[] = [];
  let previous: string | undefined;
  tokens.forEach((token, index) => {
    if (token.kind !== 'word') return;
    const owner = commandOf.get(index);
    const printed = owner !== undefined && owner.captured && owner.name !== undefined && PRINTERS.has(owner.name);
    const data = owner !== undefined && (owner.data.has(index) || (printed && !owner.targets.has(index)));
    words.push({ text: token.text, continuation: token.continuation, data, previous });
    previous = token.text;
  });
  return words;
}

export interface PathsOptions {
  /** The whole string is the value of something named like a URL (an env var `BASE_URL`): it names no file. */
  urlValued?: boolean;
}

/**
 * Scripts longer than this are not read for paths: no hand-written command is this long, and a generated
 * megabyte blob would cost seconds for nothing.
 */
export const MAX_SCRIPT_LENGTH = 64 * 1024;

/**
 * What strings up to REMEMBERED_LENGTH characters were found to name: the same arguments and env values
 * (`--config=/etc/app/config.yaml`) come back in container after container. At most 4,096 of them, so at most a few
 * megabytes.
 */
const rememberedPaths = remembered<readonly NamedPath[]>(readPaths);
const REMEMBERED_LENGTH = 1024;

/** The absolute paths a command, argument, script or env value names, each once, in order. */
export function pathsIn(text: string, options: PathsOptions = {}): readonly NamedPath[] {
  // Every path found starts with a `/` of the text: most strings (`--port=8080`, `info`, `sleep`) have none.
  if (options.urlValued || text.length > MAX_SCRIPT_LENGTH || !text.includes('/')) return [];
  return text.length > REMEMBERED_LENGTH ? readPaths(text) : rememberedPaths(text);
}

function readPaths(text: string): NamedPath[] {
  const found = new Map<string, NamedPath>();
  for (const word of scriptWords(text)) {
    // `--web.external-url /prom`, `BASE_PATH= "/api"`, nginx's `location /api`: a URL path, not a file.
    const { previous } = word;
    const afterUrlOption = previous !== undefined && /^(--?)?[\w.-]+=?$/.test(previous) && URL_NAME.test(previous);
    if (word.continuation || word.data || afterUrlOption) continue;
    for (const candidate of candidatesIn(word.text)) {
      const named = namedPath(candidate);
      if (named && !found.has(named.text)) found.set(named.text, named);
    }
  }
  return [...found.values()];
}

/** The parts of one word that may be absolute paths. */
function candidatesIn(word: string): string[] {
  if (word.includes('://')) {
    // A URL names a file only as `file:///path`; `http://host/path` is a path on another machine.
    const file = /^file:\/\/(\/.*)$/.exec(word);
    return file?.[1] !== undefined ? [file[1]] : [];
  }
  const candidates: string[] = [];
  // `--config=/etc/app.yaml`, `LOG_DIR=/logs`, `--paths=/a,/b`: the parts after `=` and between commas.
  const [name, ...values] = word.split('=');
  const parts = values.length > 0 && name !== undefined && URL_NAME.test(name) ? [name] : [name ?? '', ...values];
  for (const part of parts.flatMap((value) => value.split(','))) {
    // curl's `@/path/to/file` names a file to send.
    const unprefixed = part.startsWith('@') ? part.slice(1) : part;
    if (!unprefixed.includes(':')) {
      candidates.push(unprefixed);
      continue;
    }
    // `PATH=/usr/bin:/shared/bin:$PATH` is a list of directories; `host:/export` and `localhost:8080/x` are not
    // paths of this container; `/cloudsql/project:region:instance` is one path with colons in a name.
    const elements = unprefixed.split(':');
    if (elements.every((element) => element === '' || element.startsWith('/') || element.startsWith('$'))) {
      candidates.push(...elements);
    } else if (unprefixed.startsWith('/')) {
      candidates.push(unprefixed);
    }
  }
  return candidates.filter((candidate) => candidate.startsWith('/') && !candidate.startsWith('//'));
}

/** The normalised literal part of a candidate, or undefined when it names nothing more than `/`. */
function namedPath(text: string): NamedPath | undefined {
  const raw = text.split('/').slice(1);
  let literalCount = raw.findIndex((segment) => segment !== '' && !PLAIN_SEGMENT.test(segment));
  if (literalCount < 0) literalCount = raw.length;
  const literal = raw.slice(0, literalCount);
  // A sentence's full stop after a path (`written to /data/out.`) is not part of it.
  if (literalCount === raw.length && literal.length > 0) {
    const last = literal[literal.length - 1] ?? '';
    const trimmed = trimTrailing(last, '.');
    if (trimmed !== '' && trimmed !== last) literal[literal.length - 1] = trimmed;
  }
  const path = normalizeAbsolute(`/${literal.join('/')}`);
  if (path === undefined || path === '/') return undefined;
  const restSegments = raw.slice(literalCount);
  const rest = restSegments.length > 0 ? `/${restSegments.join('/')}` : '';
  const shown = literalCount === raw.length ? `/${literal.join('/')}` : text;
  return { text: shown.length > 1 && shown.endsWith('/') ? trimTrailing(shown, '/') : shown, path, rest };
}

/**
 * `text` without the run of `characters` it ends with. A loop, not `/[…]+$/`: that regex tries every start of every
 * run, which is quadratic on a long run that does not end the text.
 */
function trimTrailing(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** `/a//b/./c/../d/` → `/a/b/d`; undefined for a relative path or one that climbs above `/`. */
export function normalizeAbsolute(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  // Most paths are written normalised: no empty, `.` or `..` segment and no trailing `/` leaves nothing to change.
  if (!path.endsWith('/') && !path.includes('//') && !path.includes('/.')) return path;
  const segments = normalizeSegments(path);
  return segments === undefined ? undefined : `/${segments.join('/')}`;
}

/** A subPath as a list of segments (`logs/./app/` → `logs/app`); undefined when it is absolute or climbs out. */
export function normalizeRelative(path: string): string | undefined {
  if (path.startsWith('/')) return undefined;
  return normalizeSegments(path)?.join('/');
}

function normalizeSegments(path: string): string[] | undefined {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments;
}

/**
 * Whether a normalised path lies under (or is) a normalised base, by whole segments: `/data/x` is under
 * `/data`, `/database` is not. Everything is under `/`. Works for absolute paths and for relative ones
 * (`''` is the root of a relative tree).
 */
export function isUnder(path: string, base: string): boolean {
  if (base === '/' || base === '') return true;
  return path === base || path.startsWith(`${base}/`);
}

/** The part of `path` below `base` (`/data/x/y` below `/data` is `x/y`); call only when `isUnder`. */
export function relativeTo(path: string, base: string): string {
  if (path === base) return '';
  if (base === '/' || base === '') return path.replace(/^\/+/, '');
  return path.slice(base.length + 1);
}

/** Joins path parts, skipping empty ones: `joinPath('/logs', '', 'app.log')` is `/logs/app.log`. */
export function joinPath(base: string, ...parts: string[]): string {
  let joined = base;
  for (const part of parts) {
    if (part === '') continue;
    joined = joined === '' ? part : joined.endsWith('/') ? `${joined}${part}` : `${joined}/${part}`;
  }
  return joined;
}
