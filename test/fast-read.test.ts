import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { loadValuesFast } from '../src/fast-yaml.js';
import { activeRules, lintSettings, lintText } from '../src/lint.js';
import { registerCustomResourceDefinitions } from '../src/schemas/custom-resource-definitions.js';
import { CORPUS } from './cli-runner.js';
import { listFixtures } from './fixture-markers.js';

const rules = activeRules(RULES);

/** Lints a file both ways: values from js-yaml with positions on demand, and the precise reader alone. */
function bothWays(file: string, text: string) {
  const [fast, precise] = [true, false].map((fastRead) => {
    const settings = lintSettings(undefined, [], true, fastRead);
    registerCustomResourceDefinitions(settings.schemas, file, text);
    return lintText(file, text, rules, settings);
  });
  return { fast, precise };
}

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

// The fast path must change nothing but speed: the same findings, at the same positions, with the same
// messages and suppressions, as when the precise reader reads everything.
describe('the fast reader', () => {
  it('gives exactly the precise reader\'s findings on every fixture', () => {
    for (const fixture of listFixtures()) {
      const { fast, precise } = bothWays(fixture.file, fixture.text);
      expect(fast, fixture.file).toEqual(precise);
    }
  });

  it.skipIf(!existsSync(CORPUS))('gives exactly the precise reader\'s findings on every file of the corpus', () => {
    let findings = 0;
    let readFast = 0;
    for (const file of yamlFiles(CORPUS)) {
      const text = readFileSync(file, 'utf8');
      const { fast, precise } = bothWays(path.relative(CORPUS, file), text);
      expect(fast, file).toEqual(precise);
      findings += precise?.findings.length ?? 0;
      if (loadValuesFast(text)) readFast++;
    }
    expect(findings).toBeGreaterThan(500);
    // The comparison means something only if the fast reader really read most files.
    expect(readFast).toBeGreaterThan(1600);
  }, 120_000);
});
