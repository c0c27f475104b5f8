import type { Level } from '../finding.js';
import type { FileResult } from '../lint.js';

export function countByLevel(files: readonly FileResult[]): Record<Level, number> {
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const file of files) for (const finding of file.findings) counts[finding.level]++;
  return counts;
}
