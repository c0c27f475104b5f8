import type { Position } from '../engine/finding.js';

/*
 * The one line model (RULES.md, "Lines"): CR, LF and CRLF each end a line, as in editors, and a byte-order mark is
 * not a column. Every part that turns text into lines uses this module: the engine's positions, suppression
 * comments, config errors, the fixture markers and the fuzz tests' oracle.
 */

/**
 * The text as YAML and editors see it. A byte-order mark may open any document (files saved on Windows and
 * concatenated have one after each `---`); editors do not count it as a column, so it is dropped at line starts.
 * A lone carriage return is a line break, as a line feed, and is made one (same length, so offsets stay put).
 * After this, `\n` alone ends lines.
 */
export function normalizeSourceText(text: string): string {
  const withoutMarks = text.includes('\uFEFF') ? text.replace(/^\uFEFF/gm, '') : text;
  return withoutMarks.includes('\r') ? withoutMarks.replace(/\r(?!\n)/g, '\n') : withoutMarks;
}

/** go-yaml's line breaks that JavaScript's YAML readers read as text: NEL, LS and PS. */
const GO_YAML_ONLY_BREAKS = /[\u0085\u2028\u2029]/;

/**
 * The text as go-yaml reads it, offset for offset: NEL, LS and PS end lines there, so they are made line feeds (each
 * one UTF-16 unit, as `\n`). Only what reads YAML sees this text; positions are worked out on the normalized source,
 * where editors do not count them as line breaks (RULES.md, "Lines").
 */
export function asGoYamlReadsIt(text: string): string {
  return GO_YAML_ONLY_BREAKS.test(text) ? text.replace(/[\u0085\u2028\u2029]/g, '\n') : text;
}

/** Line starts and offset↔position conversion over normalized text; line starts are found on first use only. */
export class SourceText {
  readonly text: string;
  #lineStarts: number[] | undefined;

  /** `text` must already be normalized (normalizeSourceText). */
  constructor(text: string) {
    this.text = text;
  }

  static from(raw: string): SourceText {
    return new SourceText(normalizeSourceText(raw));
  }

  get lineStarts(): readonly number[] {
    if (!this.#lineStarts) {
      const starts = [0];
      const { text } = this;
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /**
   * The editor's 1-based line and column (UTF-16 code units) of an offset. An offset inside a CRLF is the end of its
   * line: the pair is one line break, and an editor has no column between its two characters.
   */
  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    const start = starts[low] ?? 0;
    const next = starts[low + 1];
    const contentEnd = next !== undefined && this.text[next - 2] === '\r' ? next - 2 : next === undefined ? this.text.length : next - 1;
    return { line: low + 1, column: Math.min(offset, Math.max(contentEnd, start)) - start + 1 };
  }

  /** The text of 1-based line `line`, without its line break (a CRLF's CR included). */
  line(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end).replace(/\r$/, '');
  }

  /** Every line, without line breaks. */
  lines(): string[] {
    return Array.from({ length: this.lineCount }, (_, index) => this.line(index + 1));
  }
}
