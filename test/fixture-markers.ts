import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', 'fixtures');

/** `# expect: rule-a, rule-b` on the line a finding points at. */
const MARKER = /#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

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

/** The expected findings as sorted `line:rule-id` strings, one per expected finding. */
export function expectedFindings(text: string): string[] {
  const expected: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const match = MARKER.exec(line);
    if (!match?.[1]) return;
    for (const id of match[1].split(',')) expected.push(`${index + 1}:${id.trim()}`);
  });
  return expected.sort();
}

/** `# kubernetes-version: 1.28` anywhere in a fixture lints it for that release instead of the default. */
export function fixtureKubernetesVersion(text: string): string | undefined {
  return /^#\s*kubernetes-version:\s*(\S+)\s*$/m.exec(text)?.[1];
}
