#!/usr/bin/env node
// npm run bench -- [documents] [runs]      the synthetic repository (default 10000 documents, 5 runs)
// npm run bench -- --corpus [runs]         ../shared/corpus
// npm run bench -- --startup [runs]        one small file against `node -e 0`
// Runs the CLI (every rule, schema validation, SARIF out) and the js-yaml baseline alternately, and prints
// medians, the ratio, and the CLI's peak memory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { generateRepository } from './generate.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'sidecar-lint.js');
const baseline = path.join(import.meta.dirname, 'js-yaml-baseline.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-bench-'));
const args = process.argv.slice(2);
const mode = args[0]?.startsWith('--') ? args.shift() : '--synthetic';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const hasTime = existsSync('/usr/bin/time');

/** Wall time in ms and peak RSS in MB (from /usr/bin/time when there is one) of one command. */
function measure(command, commandArgs) {
  const start = process.hrtime.bigint();
  const result = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...commandArgs], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${commandArgs.join(' ')} failed: ${result.stderr}`);
  const rss = hasTime ? Number(result.stderr.trim().split('\n').pop()) / 1024 : Number.NaN;
  return { ms, rss };
}

function compare(label, reference, candidate, runs) {
  const times = { reference: [], candidate: [], rss: [] };
  for (let run = 0; run < runs; run++) {
    times.reference.push(measure(...reference).ms);
    const lint = measure(...candidate);
    times.candidate.push(lint.ms);
    times.rss.push(lint.rss);
  }
  const [ref, cand] = [median(times.reference), median(times.candidate)];
  console.log(`${label}`);
  console.log(`  reference  ${reference[1].slice(-2).join(' ').padEnd(40)} median ${ref.toFixed(0)} ms`);
  console.log(`  sidecar-lint                                       median ${cand.toFixed(0)} ms, peak RSS ${median(times.rss).toFixed(0)} MB`);
  console.log(`  ratio ${(cand / ref).toFixed(2)}x  (${runs} runs each, alternating)`);
}

console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
if (mode === '--startup') {
  const runs = Number(args[0] ?? 20);
  const file = path.join(work, 'pod.yaml');
  writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n');
  compare('start-up: one small file', [process.execPath, ['-e', '0']], [process.execPath, [cli, '--no-color', file]], runs);
} else {
  let target;
  let runs;
  if (mode === '--corpus') {
    target = path.resolve(root, '..', 'shared', 'corpus');
    runs = Number(args[0] ?? 5);
  } else {
    const documents = Number(args[0] ?? 10_000);
    runs = Number(args[1] ?? 5);
    target = path.join(work, 'repository');
    console.log(`generated ${generateRepository(target, documents)} documents in ${Math.ceil(documents / 10)} files`);
  }
  const sarif = path.join(work, 'out.sarif');
  compare(`lint ${target}`, [process.execPath, [baseline, target]], [process.execPath, [cli, '--format', 'sarif', '--output', sarif, target]], runs);
}
