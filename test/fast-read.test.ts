import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { loadValuesFast } from '../src/yaml/fast-yaml.js';
import { parseYamlFile } from '../src/yaml/yaml-file.js';
import { activeRules, lintSettings, lintText } from '../src/engine/lint.js';
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
/** Plain scalars whose type YAML 1.1 decides: each must be read alike by both readers. */
const SCALARS = [
  'e5', 'E10', '.', '.5', '+.inf', '-.Inf', '.NaN', '_1', 'x1', '0777', '08', '0x1F', '0b101', '1_000', '1:20',
  'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'NULL', 'Null', '1e9', '1.5e3', '+12', '-0', '2024-01-01', '0o17',
  '.e5', '-e5', 'true', 'False', 'Y', 'nothing', 'offline', 'online', '12a', '-', '+',
];

describe('the fast reader', () => {
  it('reads nearly all of those scalars itself, so the comparison below compares something', () => {
    const read = SCALARS.filter((scalar) => loadValuesFast(`value: ${scalar}\n${scalar}: key\n`) !== undefined);
    expect(read.length).toBeGreaterThan(SCALARS.length - 8);
  });

  it.each(SCALARS)('reads the plain scalar %j as the precise reader does', (scalar) => {
    const text = `value: ${scalar}\n${scalar}: key\n`;
    const fast = loadValuesFast(text);
    // Undefined is the fast reader stepping aside: the precise reader then reads the file, so they cannot differ.
    if (fast !== undefined) expect(fast).toEqual(parseYamlFile(text).documents.map((document) => document.value));
  });

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
