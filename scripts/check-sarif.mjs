#!/usr/bin/env node
// Lints the fixtures (and ../shared/corpus when it is there) to SARIF with the built CLI, then runs
// Microsoft's SARIF validator with GitHub's ingestion rules over each log. Fails on any error it reports.
// Usage: npm run check:sarif
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'sidecar-lint.js');
const corpus = path.resolve(root, '..', 'shared', 'corpus');
const require = createRequire(import.meta.url);
const validator = path.join(path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')), 'Sarif.Multitool');
const work = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-sarif-'));

// Each log is made from inside the folder it lints, as in a repository checkout, so uris are relative.
const targets = [{ name: 'fixtures', cwd: root, paths: ['fixtures'] }];
if (existsSync(corpus)) targets.push({ name: 'corpus', cwd: corpus, paths: ['.'] });

let failed = false;
for (const target of targets) {
  const log = path.join(work, `${target.name}.sarif`);
  const lint = spawnSync(process.execPath, [cli, '--format', 'sarif', '--output', log, ...target.paths], { cwd: target.cwd, encoding: 'utf8' });
  if (lint.status !== 0 && lint.status !== 1) {
    console.error(`sidecar-lint failed on ${target.name} (exit ${lint.status}):\n${lint.stderr}`);
    failed = true;
    continue;
  }
  const verdict = path.join(work, `${target.name}.validation.sarif`);
  const validate = spawnSync(validator, ['validate', log, '--output', verdict, '--log', 'ForceOverwrite', '--rule-kind', 'Gh;Sarif'], { encoding: 'utf8' });
  if (validate.error || !existsSync(verdict)) {
    console.error(`the SARIF validator did not run: ${validate.error?.message ?? validate.stderr}`);
    failed = true;
    continue;
  }
  const results = JSON.parse(readFileSync(verdict, 'utf8')).runs?.[0]?.results ?? [];
  const sarif = JSON.parse(readFileSync(log, 'utf8'));
  const errors = results.filter((result) => String(result.level).toLowerCase() === 'error');
  const warnings = results.filter((result) => String(result.level).toLowerCase() === 'warning');
  for (const result of [...errors, ...warnings]) {
    console.error(`${result.level} ${result.ruleId}: ${result.message?.id ?? ''} ${JSON.stringify(result.message?.arguments ?? result.message?.text ?? '')}`);
  }
  console.log(
    `${target.name}: ${sarif.runs[0].results.length} results in ${sarif.runs[0].artifacts.length} files; ` +
      `validator (rules Gh;Sarif): ${errors.length} errors, ${warnings.length} warnings`,
  );
  if (errors.length > 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
