import type { Level } from '../engine/finding.js';
import type { FileResult } from '../engine/lint.js';
import { isReported } from '../engine/report.js';

export function countByLevel(files: readonly FileResult[]): Record<Level, number> {
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const file of files) for (const finding of file.findings) if (isReported(finding)) counts[finding.level]++;
  return counts;
}

export function countSuppressed(files: readonly FileResult[]): number {
  return files.reduce((sum, file) => sum + file.findings.filter((finding) => !isReported(finding)).length, 0);
}
