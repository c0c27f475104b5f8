/*
 * The config's `ignore` patterns, matched against the input's file names: a pull request chooses both (its
 * .sidecar-lint.yaml and its files). minimatch turns a pattern into a backtracking RegExp, so `*a*a*a*a*b` took 32 s
 * on one 255-character name, and `*(a|aa)` more than a minute on 34. Here a pattern is matched the way shells match
 * wildcards, remembering only the last `*` (and the last `**`) to fall back to: time at most the product of the
 * pattern's and the name's lengths, whatever either holds.
 *
 * The syntax is minimatch's as `ignore` patterns use it, with `dot: true`: `/` separates segments; `**` as a whole
 * segment is any number of segments; in a segment `*` is any run of characters and `?` one, `[...]` a class (`!` or
 * `^` negates, `a-z` ranges, `\` escapes), `\x` the character x; `{a,b}` and `{1..3}` are expanded first; each leading
 * `!` negates the pattern and a leading `#` makes it a comment that matches nothing. Extended globs (`+(a|b)`) are
 * read as plain characters, as minimatch's `noext` reads them.
 */

/** Patterns one `{...}` expansion may give: `{a,b}{a,b}...` doubles with every pair. */
export const MAX_EXPANSIONS = 256;

/** One character of a segment pattern: a literal, any character, or a class. */
type CharMatcher = { kind: 'literal'; char: string } | { kind: 'any' } | { kind: 'class'; negated: boolean; ranges: [string, string][] };

/** One item of a segment pattern: a character matcher, or `*`. */
type SegmentItem = CharMatcher | { kind: 'star' };

/** One segment of a path pattern: `**`, or the items of one segment. */
type PathItem = { kind: 'globstar' } | { kind: 'segment'; items: SegmentItem[] };

export class GlobPatternError extends Error {}

/** A compiled pattern: whether a `/`-separated relative path matches it. */
export interface GlobMatcher {
  matches(path: string): boolean;
}

export function compileGlob(pattern: string): GlobMatcher {
  if (pattern.startsWith('#')) return { matches: () => false };
  // Each leading `!` is one more negation, as in minimatch: `!!x` is `x`.
  let negations = 0;
  while (pattern[negations] === '!') negations++;
  const negated = negations % 2 === 1;
  const body = pattern.slice(negations);
  const alternatives = expandBraces(body).map(parsePath);
  return {
    matches(path) {
      const segments = path.split('/');
      const found = alternatives.some((items) => matchSequence(items, segments, (item, segment) => item.kind === 'segment' && matchSegment(item.items, segment), 'globstar'));
      return negated ? !found : found;
    },
  };
}

/**
 * The wildcard algorithm: items against elements, each item a single-element matcher or a star (any run of
 * elements). On a mismatch, go back to the last star and let it take one more element. The last star is the only
 * one that needs revisiting, so the work is at most items times elements.
 */
function matchSequence<Item extends { kind: string }, Element>(
  items: readonly Item[],
  elements: readonly Element[],
  matchOne: (item: Item, element: Element) => boolean,
  starKind: string,
): boolean {
  let item = 0;
  let element = 0;
  let starItem = -1;
  let starElement = 0;
  while (element < elements.length) {
    const current = items[item];
    if (current !== undefined && current.kind === starKind) {
      starItem = item++;
      starElement = element;
    } else if (current !== undefined && matchOne(current, elements[element] as Element)) {
      item++;
      element++;
    } else if (starItem !== -1) {
      item = starItem + 1;
      element = ++starElement;
    } else {
      return false;
    }
  }
  while (items[item]?.kind === starKind) item++;
  return item === items.length;
}

function matchSegment(items: readonly SegmentItem[], segment: string): boolean {
  return matchSequence(items, [...segment], (item, char) => item.kind !== 'star' && matchChar(item, char), 'star');
}

function matchChar(matcher: CharMatcher, char: string): boolean {
  switch (matcher.kind) {
    case 'literal':
      return matcher.char === char;
    case 'any':
      return true;
    case 'class': {
      const inside = matcher.ranges.some(([low, high]) => char >= low && char <= high);
      return inside !== matcher.negated;
    }
  }
}

function parsePath(pattern: string): PathItem[] {
  // `a//b` is `a/b`, as minimatch reads it: an empty segment counts only first or last.
  const segments = pattern.split('/').filter((segment, index, all) => segment !== '' || index === 0 || index === all.length - 1);
  const items = segments.map((segment): PathItem => (segment === '**' ? { kind: 'globstar' } : { kind: 'segment', items: parseSegment(segment) }));
  // A trailing `**` is at least one segment: `a/**` matches what is in `a`, not `a` itself.
  if (items[items.length - 1]?.kind === 'globstar') items.splice(items.length - 1, 0, { kind: 'segment', items: [{ kind: 'star' }] });
  return items;
}

function parseSegment(segment: string): SegmentItem[] {
  const chars = [...segment];
  const items: SegmentItem[] = [];
  for (let at = 0; at < chars.length; at++) {
    const char = chars[at] as string;
    if (char === '*') {
      // `**` inside a segment is one star, as in minimatch.
      if (items[items.length - 1]?.kind !== 'star') items.push({ kind: 'star' });
    } else if (char === '?') items.push({ kind: 'any' });
    else if (char === '\\' && at + 1 < chars.length) items.push({ kind: 'literal', char: chars[++at] as string });
    else if (char === '[') {
      const parsed = parseClass(chars, at);
      if (parsed) {
        items.push(parsed.matcher);
        at = parsed.end;
      } else items.push({ kind: 'literal', char });
    } else items.push({ kind: 'literal', char });
  }
  return items;
}

/** A class from the `[` at `start` to its `]`; undefined when it is not closed (then `[` is a plain character). */
function parseClass(chars: readonly string[], start: number): { matcher: CharMatcher; end: number } | undefined {
  let at = start + 1;
  const negated = chars[at] === '!' || chars[at] === '^';
  if (negated) at++;
  const ranges: [string, string][] = [];
  let first = true;
  for (; at < chars.length; at++) {
    let char = chars[at] as string;
    // A `]` first in the class is a member, not its end.
    if (char === ']' && !first) return { matcher: { kind: 'class', negated, ranges }, end: at };
    first = false;
    if (char === '\\' && at + 1 < chars.length) char = chars[++at] as string;
    if (chars[at + 1] === '-' && at + 2 < chars.length && chars[at + 2] !== ']') {
      let high = chars[at + 2] as string;
      at += 2;
      if (high === '\\' && at + 1 < chars.length) high = chars[++at] as string;
      ranges.push([char, high]);
    } else ranges.push([char, char]);
  }
  return undefined;
}

/**
 * `a{b,c}d` → `abd`, `acd`; `{1..3}` → 1, 2, 3; nested braces too. A pattern that expands to more than
 * MAX_EXPANSIONS patterns is refused (GlobPatternError): a config's mistake or an attack, not a file list.
 */
export function expandBraces(pattern: string): string[] {
  const open = findBraceOpen(pattern);
  if (open === undefined) return [pattern];
  const close = findBraceClose(pattern, open);
  if (close === undefined) return [pattern];
  const prefix = pattern.slice(0, open);
  const inner = pattern.slice(open + 1, close);
  const rest = expandBraces(pattern.slice(close + 1));
  const options = braceOptions(inner);
  if (options === undefined) return rest.map((suffix) => `${prefix}{${inner}}${suffix}`);
  const results: string[] = [];
  for (const option of options) {
    for (const expanded of expandBraces(option)) {
      for (const suffix of rest) {
        results.push(`${prefix}${expanded}${suffix}`);
        if (results.length > MAX_EXPANSIONS) throw new GlobPatternError(`its {...} expand to more than ${MAX_EXPANSIONS} patterns`);
      }
    }
  }
  return results;
}

function findBraceOpen(pattern: string): number | undefined {
  for (let at = 0; at < pattern.length; at++) {
    if (pattern[at] === '\\') at++;
    else if (pattern[at] === '{') return at;
  }
  return undefined;
}

function findBraceClose(pattern: string, open: number): number | undefined {
  let depth = 0;
  for (let at = open; at < pattern.length; at++) {
    if (pattern[at] === '\\') at++;
    else if (pattern[at] === '{') depth++;
    else if (pattern[at] === '}' && --depth === 0) return at;
  }
  return undefined;
}

/** The options of a brace body: its top-level comma list, or a `1..3` range; undefined when it is neither. */
function braceOptions(inner: string): string[] | undefined {
  const range = /^(-?\d{1,6})\.\.(-?\d{1,6})$/u.exec(inner);
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (Math.abs(to - from) >= MAX_EXPANSIONS) throw new GlobPatternError(`its {...} expand to more than ${MAX_EXPANSIONS} patterns`);
    const step = from <= to ? 1 : -1;
    const values: string[] = [];
    for (let value = from; value !== to + step; value += step) values.push(String(value));
    return values;
  }
  const options: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < inner.length; at++) {
    if (inner[at] === '\\') at++;
    else if (inner[at] === '{') depth++;
    else if (inner[at] === '}') depth--;
    else if (inner[at] === ',' && depth === 0) {
      options.push(inner.slice(start, at));
      start = at + 1;
    }
  }
  if (options.length === 0) return undefined;
  options.push(inner.slice(start));
  return options;
}
