import { readFileSync } from 'node:fs';
import { lintFiles, type LintOptions } from './api.js';
import type { Finding } from './finding.js';
import { applyFixes } from './fixes.js';
import { collectInputs } from './inputs.js';
import type { LintReport } from './report.js';

/*
 * `--fix` without the writing: lint, apply every fix that does not overlap another, lint the changed texts again,
 * and repeat until nothing changes (at most MAX_PASSES times). The texts stay in memory; the caller writes them
 * (or, for `--fix-dry-run`, shows the difference). Standard input is never fixed: there is no file to write.
 */

/** Passes before giving up on more fixes: each pass usually settles everything; overlapping fixes need a second. */
export const MAX_PASSES = 10;

export interface FixedFile {
  /** The file as reported. */
  file: string;
  /** Its absolute path. */
  source: string;
  /** The text as read, and as fixed. */
  before: string;
  after: string;
  /** The findings whose fixes were applied, as reported in the pass that fixed them. */
  fixed: Finding[];
}

export interface FixOutcome {
  /** The lint of the fixed texts: what remains. */
  report: LintReport;
  /** The files whose text changed, in input order. */
  files: FixedFile[];
  /** Files with fixes that were not applied, and why (bytes that are not UTF-8 cannot be written back as read). */
  unfixable: { file: string; reason: string }[];
  /** Passes that changed a file; each was followed by a lint of the changed texts. */
  passes: number;
}

/** The file's text, when writing it back unchanged gives back the same bytes. */
function readExactly(source: string): string | Error {
  try {
    const bytes = readFileSync(source);
    const text = bytes.toString('utf8');
    return Buffer.from(text, 'utf8').equals(bytes) ? text : new Error('the file is not valid UTF-8, so it cannot be rewritten as it was read');
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Lints and fixes `paths` in memory (see above). Throws what lintFiles throws (ConfigError). */
export async function fixFiles(paths: readonly string[], options: Omit<LintOptions, 'contents'> = {}): Promise<FixOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const inputs = await collectInputs(paths, cwd, options.stdinFilename ?? '<stdin>');
  const sources = new Map(inputs.files.filter((input) => input.source !== '-').map((input) => [input.name, input.source]));
  const contents = new Map<string, string>();
  const fixed = new Map<string, FixedFile>();
  const unfixable = new Map<string, string>();
  /** Every text each file has had, so that fixes that undo each other stop. */
  const seen = new Map<string, Set<string>>();
  let report = await lintFiles(paths, { ...options, contents });
  let passes = 0;
  for (; passes < MAX_PASSES; passes++) {
    let changed = false;
    for (const result of report.files) {
      const source = sources.get(result.file);
      const fixables = result.findings.filter((finding) => finding.fix !== undefined && finding.suppressed === undefined);
      if (source === undefined || fixables.length === 0 || unfixable.has(result.file)) continue;
      const before = contents.get(source) ?? readExactly(source);
      if (before instanceof Error) {
        unfixable.set(result.file, before.message);
        continue;
      }
      const { text, applied } = applyFixes(before, fixables);
      const texts = seen.get(source) ?? new Set([before]);
      seen.set(source, texts);
      if (text === before || texts.has(text)) continue;
      texts.add(text);
      contents.set(source, text);
      const file = fixed.get(source) ?? { file: result.file, source, before, after: before, fixed: [] };
      file.after = text;
      file.fixed.push(...applied);
      fixed.set(source, file);
      changed = true;
    }
    if (!changed) break;
    // The fixed texts are linted again: what remains, and the fixes the overlapping ones left for the next pass.
    report = await lintFiles(paths, { ...options, contents });
  }
  const order = [...sources.values()];
  const files = [...fixed.values()].filter((file) => file.after !== file.before).sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
  return { report, files, unfixable: [...unfixable].map(([file, reason]) => ({ file, reason })), passes };
}
