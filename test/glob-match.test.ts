import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { compileGlob, expandBraces, GlobPatternError, MAX_EXPANSIONS } from '../src/engine/glob-match.js';

/*
 * The config's ignore patterns are matched by glob-match.ts, not minimatch, whose backtracking RegExps a pull request
 * can make take minutes. Same answers as minimatch (dot: true, noext: true) on random patterns and paths, in time
 * bounded by the lengths whatever the pattern.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const PIECES = ['a', 'b', '.', '-', '*', '**', '?', '/', '[ab]', '[!a]', '[a-c]', '{a,b}', '{x,y/z}', '\\*', '.yaml'];
const pattern = fc
  .tuple(fc.constantFrom('', '', '!', '!!', '!!!'), fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 7 }))
  .map(([negations, pieces]) => `${negations}${pieces.join('')}`);
const filePath = fc
  .array(fc.array(fc.constantFrom('a', 'b', 'c', '.', '-', 'x', 'y', 'z', '*', 'yaml'), { minLength: 1, maxLength: 4 }).map((chars) => chars.join('')), { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'))
  .filter((path) => !path.split('/').some((segment) => segment === '.' || segment === '..'));

describe('ignore patterns (glob-match.ts)', () => {
  it(`match as minimatch does with dot: true and noext (seed ${SEED})`, () => {
    let matched = 0;
    let compared = 0;
    fc.assert(
      fc.property(pattern, fc.array(filePath, { minLength: 1, maxLength: 5 }), (glob, paths) => {
        const matcher = compileGlob(glob);
        for (const path of paths) {
          const expected = minimatch(path, glob, { dot: true, noext: true });
          expect(matcher.matches(path), `${glob} on ${path}`).toBe(expected);
          compared++;
          if (expected) matched++;
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // Both answers drawn often enough for the comparison to say something either way.
    expect(matched).toBeGreaterThan(compared / 20);
    expect(matched).toBeLessThan(compared - compared / 20);
  });

  it('match the cases people write', () => {
    const cases: [string, string, boolean][] = [
      ['charts/**/templates/**', 'charts/web/templates/deployment.yaml', true],
      ['charts/**/templates/**', 'charts/templates/x.yaml', true],
      ['charts/**/templates/**', 'manifests/web.yaml', false],
      ['vendor/**', 'vendor/a/b/c.yaml', true],
      ['*.yaml', 'a/b.yaml', false],
      ['**/*.yaml', 'a/b.yaml', true],
      ['**/*.yaml', '.hidden/b.yaml', true],
      ['!*.yaml', 'b.yml', true],
      ['# a comment', '# a comment', false],
      ['{a,b}/*.yaml', 'b/x.yaml', true],
      ['k8s/{dev,prod}/*.{yaml,yml}', 'k8s/prod/x.yml', true],
    ];
    for (const [glob, path, expected] of cases) expect(compileGlob(glob).matches(path), `${glob} on ${path}`).toBe(expected);
  });

  it('take time bounded by the lengths: the patterns that made minimatch take minutes', () => {
    const name = `${'a'.repeat(250)}.yaml`;
    const started = performance.now();
    for (const glob of ['*a*a*a*a*a*a*a*a*b', '*(a|aa)*(a|aa)*(a|aa)c', `${'*a'.repeat(500)}b`, `**/${'**/'.repeat(200)}x`]) {
      expect(compileGlob(glob).matches(`${'d/'.repeat(100)}${name}`)).toBe(false);
      expect(compileGlob(glob).matches(name)).toBe(false);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it(`refuse a pattern whose braces expand to more than ${MAX_EXPANSIONS} patterns`, () => {
    expect(() => expandBraces('{a,b}'.repeat(9))).toThrow(GlobPatternError);
    expect(() => expandBraces('{1..100000}')).toThrow(GlobPatternError);
    expect(expandBraces('{a,b}'.repeat(8))).toHaveLength(256);
  });
});
