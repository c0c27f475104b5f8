/*
 * Line edits the fuzz tests make on YAML texts. Lines are split on `\n` only (a `\r` stays on its line, as in the
 * file), and a line number wraps around the text's lines, so any number drawn names a line.
 */

/** The text without its line `line` (modulo the number of lines). */
export function deleteLine(text: string, line: number): string {
  const lines = text.split('\n');
  lines.splice(line % lines.length, 1);
  return lines.join('\n');
}

/** The text with its line `line` (modulo the number of lines) written twice. */
export function duplicateLine(text: string, line: number): string {
  const lines = text.split('\n');
  const at = line % lines.length;
  lines.splice(at, 0, lines[at] ?? '');
  return lines.join('\n');
}
