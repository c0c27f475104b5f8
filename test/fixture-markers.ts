import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SourceText } from '../src/yaml/source-text.js';

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', 'fixtures');

/**
 * `# expect: rule-a, rule-b` on the line a finding points at; `rule-a@12` where the column matters too (the
 * finding must start at column 12).
 */
const MARKER = /#\s*expect:\s*([a-z0-9-]+(?:@\d+)?(?:\s*,\s*[a-z0-9-]+(?:@\d+)?)*)/;

export interface Fixture {
  ruleDir: string;
  file: string;
  absolute: string;
  text: string;
}

export function listFixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(path.join(FIXTURES_DIR, dir.name))
        .filter((file) => /\.ya?ml$/.test(file))
        .sort()
        .map((file) => {
          const absolute = path.join(FIXTURES_DIR, dir.name, file);
          return { ruleDir: dir.name, file, absolute, text: readFileSync(absolute, 'utf8') };
        }),
    );
}

/**
 * The expected findings as sorted `line:rule-id` strings (`line:rule-id@column` where the marker gives a column),
 * one per expected finding. Lines are counted as the engine counts them (source-text.ts).
 */
export function expectedFindings(text: string): string[] {
  const expected: string[] = [];
  SourceText.from(text).lines().forEach((line, index) => {
    const match = MARKER.exec(line);
    if (!match?.[1]) return;
    for (const id of match[1].split(',')) expected.push(`${index + 1}:${id.trim()}`);
  });
  return expected.sort();
}

/** What was found, in the markers' terms: the column is given only where the marker asks for it. */
export function actualFindings(findings: readonly { ruleId: string; region: { start: { line: number; column: number } } }[], expected: readonly string[]): string[] {
  const withColumn = new Set(expected.filter((marker) => marker.includes('@')).map((marker) => marker.replace(/@\d+$/, '')));
  return findings
    .map((finding) => {
      const key = `${finding.region.start.line}:${finding.ruleId}`;
      return withColumn.has(key) ? `${key}@${finding.region.start.column}` : key;
    })
    .sort();
}

/** `# kubernetes-version: 1.28` anywhere in a fixture lints it for that release instead of the default. */
export function fixtureKubernetesVersion(text: string): string | undefined {
  return /^#\s*kubernetes-version:\s*(\S+)\s*$/m.exec(text)?.[1];
}
