/*
 * A unified diff of two texts, as `diff -u` and `git diff` write it, for `--fix-dry-run`. Lines are compared whole,
 * line breaks included (a CRLF line shows its CR), with Myers' algorithm, which costs time in the number of lines
 * times the number of differences: fixes change a few lines of long files.
 */

const CONTEXT = 3;

type Kind = ' ' | '-' | '+';
interface Op {
  kind: Kind;
  line: string;
}

/** The lines of a text, each with its line break; the last one may have none. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The shortest edit script from `a` to `b` (Myers 1986, "An O(ND) difference algorithm"). */
function shortestEdit(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1;
  const v = new Array<number>(2 * offset + 1).fill(0);
  const trace: number[][] = [];
  let done = false;
  for (let d = 0; d <= n + m && !done; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const previous = trace[d] ?? [];
    const k = x - y;
    const down = k === -d || (k !== d && (previous[offset + k - 1] ?? 0) < (previous[offset + k + 1] ?? 0));
    const previousK = down ? k + 1 : k - 1;
    const previousX = previous[offset + previousK] ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push({ kind: ' ', line: a[--x] ?? '' });
      y--;
    }
    if (d > 0) {
      if (x === previousX) ops.push({ kind: '+', line: b[--y] ?? '' });
      else ops.push({ kind: '-', line: a[--x] ?? '' });
    }
  }
  return ops.reverse();
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (line: string): Op => ({ kind: ' ', line });
  return [...a.slice(0, start).map(same), ...shortestEdit(a.slice(start, endA), b.slice(start, endB)), ...a.slice(endA).map(same)];
}

function lineOut(op: Op): string {
  if (op.line.endsWith('\n')) return `${op.kind}${op.line}`;
  return `${op.kind}${op.line}\n\\ No newline at end of file\n`;
}

/** The unified diff from `before` to `after`, with `name` in its headers (`a/<name>`, `b/<name>`); empty when equal. */
export function unifiedDiff(name: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffLines(linesOf(before), linesOf(after));
  // Where each op stands in the old and new texts.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const op of ops) {
    oldAt.push(oldLine);
    newAt.push(newLine);
    if (op.kind !== '+') oldLine++;
    if (op.kind !== '-') newLine++;
  }
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const hunks: { from: number; to: number }[] = [];
  for (const index of changed) {
    const from = Math.max(0, index - CONTEXT);
    const to = Math.min(ops.length, index + CONTEXT + 1);
    const last = hunks[hunks.length - 1];
    if (last && from <= last.to) last.to = Math.max(last.to, to);
    else hunks.push({ from, to });
  }
  // `a/` and `b/` as git writes them; an absolute name keeps its own leading slash.
  const [oldName, newName] = name.startsWith('/') ? [`a${name}`, `b${name}`] : [`a/${name}`, `b/${name}`];
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  for (const { from, to } of hunks) {
    const slice = ops.slice(from, to);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const oldStart = (oldAt[from] ?? 0) + (oldCount > 0 ? 1 : 0);
    const newStart = (newAt[from] ?? 0) + (newCount > 0 ? 1 : 0);
    out += `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`;
    out += slice.map(lineOut).join('');
  }
  return out;
}
