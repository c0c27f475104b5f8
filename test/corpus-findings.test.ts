import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/api.js';
import { CORPUS } from './cli-runner.js';

/*
 * Every finding on the real manifests of ../shared/corpus is judged by hand, one line each, in
 * test/verdicts/*.txt: `<path in the corpus>:<line> <rule-id> <true|false|debatable> <reason>`. The test fails on
 * a finding nobody judged (it prints ready-to-fill lines), on a verdict whose finding is gone (stale), and on a
 * `false` verdict: a false finding is fixed in the rule, never kept. What missing-schema notes (a kind with no schema
 * in the input) is not judged one by one; it stays in the plain snapshot test/snapshots/corpus-findings.txt (after an
 * intended change: `npx vitest run test/corpus-findings.test.ts -u`, then read the diff). Verdicts may be written for
 * those findings too: they must name a
 * finding that exists and must not be false, as any verdict.
 *
 * The corpus is linted in-process, through the engine API, as the CLI lints it.
 */

const VERDICTS = path.join(import.meta.dirname, 'verdicts');
const SNAPSHOT_RULES: ReadonlySet<string> = new Set(['missing-schema']);
const VERDICT_LINE = /^(\S+):(\d+) (\S+) (true|false|debatable) (\S.*)$/;

interface Finding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}

interface Verdict {
  key: string;
  verdict: 'true' | 'false' | 'debatable';
  reason: string;
  /** Where it is written, for messages: `sidecar-rules.txt:12`. */
  at: string;
}

/** `file:line rule`: what a verdict names. Findings of one rule on one line share it (and the verdict). */
const keyOf = (finding: Pick<Finding, 'file' | 'line' | 'ruleId'>) => `${finding.file}:${finding.line} ${finding.ruleId}`;

/** Reads verdict files; a line that is not a verdict, or a finding judged twice, is a problem too. */
function readVerdicts(files: readonly { name: string; text: string }[]): { verdicts: Map<string, Verdict>; problems: string[] } {
  const verdicts = new Map<string, Verdict>();
  const problems: string[] = [];
  for (const { name, text } of files) {
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      const at = `${name}:${index + 1}`;
      const match = VERDICT_LINE.exec(line);
      if (!match) {
        problems.push(`${at}: not a verdict line ("<path>:<line> <rule-id> <true|false|debatable> <reason>"): ${line}`);
        return;
      }
      const [, file = '', lineNumber = '', ruleId = '', verdict = 'debatable', reason = ''] = match;
      const key = keyOf({ file, line: Number(lineNumber), ruleId });
      const earlier = verdicts.get(key);
      if (earlier) problems.push(`${at}: ${key} is judged already at ${earlier.at}`);
      else verdicts.set(key, { key, verdict: verdict as Verdict['verdict'], reason, at });
    });
  }
  return { verdicts, problems };
}

/** What the verdicts say of the findings: the unjudged ones, the stale verdicts, the false ones. */
function judge(findings: readonly Finding[], verdicts: ReadonlyMap<string, Verdict>) {
  const judged = findings.filter((finding) => !SNAPSHOT_RULES.has(finding.ruleId));
  // A verdict may name a finding of a snapshot rule as well: it is stale only when no finding at all has its key.
  const keys = new Set(findings.map(keyOf));
  const unjudged = new Map<string, Finding>();
  for (const finding of judged) if (!verdicts.has(keyOf(finding)) && !unjudged.has(keyOf(finding))) unjudged.set(keyOf(finding), finding);
  return {
    unjudged: [...unjudged.values()].map((finding) => `${keyOf(finding)} <true|debatable> <reason>   # ${finding.message.slice(0, 140)}`),
    stale: [...verdicts.values()].filter((verdict) => !keys.has(verdict.key)).map((verdict) => `${verdict.at}: ${verdict.key}`),
    falseOnes: [...verdicts.values()]
      .filter((verdict) => verdict.verdict === 'false' && keys.has(verdict.key))
      .map((verdict) => `${verdict.at}: ${verdict.key}: ${verdict.reason}`),
  };
}

function verdictFiles(): { name: string; text: string }[] {
  if (!existsSync(VERDICTS)) return [];
  return readdirSync(VERDICTS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(VERDICTS, name), 'utf8') }));
}

describe('verdict bookkeeping', () => {
  const finding = (file: string, line: number, ruleId: string): Finding => ({ file, line, column: 1, ruleId, message: 'm' });

  it('finds unjudged findings, stale and false verdicts, and leaves the snapshot rules alone', () => {
    const { verdicts, problems } = readVerdicts([
      { name: 'a.txt', text: 'x.yaml:3 unused-volume true leftover secret\nx.yaml:9 unshared-volume false a private cache\n\n' },
      { name: 'b.txt', text: 'gone.yaml:1 main-container-first debatable order on purpose\nz.yaml:1 schema-validation true unknown field\n' },
    ]);
    expect(problems).toEqual([]);
    const result = judge(
      [finding('x.yaml', 3, 'unused-volume'), finding('x.yaml', 9, 'unshared-volume'), finding('y.yaml', 2, 'api-validation'),
        finding('y.yaml', 2, 'api-validation'), finding('z.yaml', 1, 'schema-validation')],
      verdicts,
    );
    expect(result.unjudged).toEqual(['y.yaml:2 api-validation <true|debatable> <reason>   # m']);
    expect(result.stale).toEqual(['b.txt:1: gone.yaml:1 main-container-first']);
    expect(result.falseOnes).toEqual(['a.txt:2: x.yaml:9 unshared-volume: a private cache']);
  });

  it('refuses lines that are not verdicts and findings judged twice', () => {
    const { problems } = readVerdicts([{ name: 'a.txt', text: 'x.yaml:3 unused-volume maybe\nx.yaml:3 unused-volume true a\nx.yaml:3 unused-volume true b\n' }]);
    expect(problems).toHaveLength(2);
  });
});

/** One run over the whole corpus, shared by the tests below (and made only when the corpus is there). */
let corpusRun: Promise<{ problems: string[]; findings: Finding[] }> | undefined;
function lintCorpus(): Promise<{ problems: string[]; findings: Finding[] }> {
  corpusRun ??= lintFiles(['.'], { cwd: CORPUS, configFile: false }).then((report) => ({
    problems: report.problems.map((problem) => `${problem.subject}: ${problem.message}`),
    findings: report.files.flatMap((file) =>
      file.findings.map((found) => ({
        file: file.file,
        line: found.region.start.line,
        column: found.region.start.column,
        ruleId: found.ruleId,
        message: found.message,
      })),
    ),
  }));
  return corpusRun;
}

describe.skipIf(!existsSync(CORPUS))('findings on the real-world corpus', () => {
  it('runs cleanly', async () => {
    expect((await lintCorpus()).problems).toEqual([]);
  });

  it('each has a verdict, none of them false, and no verdict is stale', async () => {
    const { findings } = await lintCorpus();
    const { verdicts, problems } = readVerdicts(verdictFiles());
    const { unjudged, stale, falseOnes } = judge(findings, verdicts);
    expect(problems, 'verdict files').toEqual([]);
    expect(falseOnes, 'false findings: fix the rule, do not keep them').toEqual([]);
    expect(unjudged, 'findings without a verdict: judge them in test/verdicts/*.txt').toEqual([]);
    expect(stale, 'verdicts whose finding is gone: remove them').toEqual([]);
  });

  it('of the schema and YAML checks match the reviewed snapshot', async () => {
    const lines = (await lintCorpus()).findings
      .filter((finding) => SNAPSHOT_RULES.has(finding.ruleId))
      .map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`);
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('snapshots/corpus-findings.txt');
  });
});
