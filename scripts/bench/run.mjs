#!/usr/bin/env node
// npm run bench -- [documents] [runs]       synthetic repository (default 10,000 documents, 5 runs), 1 in 50 with a finding
// npm run bench -- --findings [documents] [runs]   the same, a third of the documents with a finding
// npm run bench -- --corpus [runs]          ../shared/corpus
// npm run bench -- --startup [runs]         one small file, against `node -e 0`
// Runs, alternately, a bare js-yaml parse of the same files, kubeconform (`-strict -n 2`, Kubernetes 1.36 schemas) when
// ../shared/peers has it, and sidecar-lint (every rule, schema validation, SARIF written), and prints medians, ratios
// and sidecar-lint's peak memory. The machines are shared and noisy: only figures from one alternating run compare.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { generateRepository } from './generate.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const cli = path.join(root, 'dist', 'sidecar-lint.js');
const baseline = path.join(import.meta.dirname, 'js-yaml-baseline.mjs');
const peers = path.resolve(root, '..', 'shared', 'peers');
const work = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
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

/** kubeconform and its schemas, unpacked once into the bench's own folder; undefined without ../shared/peers. */
function kubeconform() {
  const binary = path.join(peers, 'kubeconform');
  const schemas = path.join(peers, 'kubernetes-1.36-standalone-strict.tgz');
  if (!existsSync(binary) || !existsSync(schemas)) return undefined;
  spawnSync('tar', ['-xzf', schemas, '-C', work]);
  const location = path.join(work, 'v1.36-standalone-strict', '{{ .ResourceKind }}{{ .KindSuffix }}.json');
  return (target) => [binary, ['-strict', '-summary', '-n', '2', '-ignore-missing-schemas', '-schema-location', location, target]];
}

/** Runs each command `runs` times, in turn, and prints the medians against the first. */
function compare(label, commands, runs) {
  const times = commands.map(() => []);
  const rss = [];
  for (let run = 0; run < runs; run++) {
    commands.forEach(([, command, commandArgs], index) => {
      const result = measure(command, commandArgs);
      times[index].push(result.ms);
      if (index === commands.length - 1) rss.push(result.rss);
    });
  }
  const medians = times.map(median);
  const reference = medians[0];
  console.log(label);
  commands.forEach(([name], index) => {
    const ratio = index === 0 ? '' : `  ${(medians[index] / reference).toFixed(2)}x ${commands[0][0]}`;
    const memory = index === commands.length - 1 ? `, peak RSS ${median(rss).toFixed(0)} MB` : '';
    console.log(`  ${name.padEnd(14)} median ${medians[index].toFixed(0).padStart(6)} ms${ratio}${memory}`);
  });
  if (commands.length === 3) console.log(`  sidecar-lint / kubeconform: ${(medians[2] / medians[1]).toFixed(2)}x`);
  console.log(`  (${runs} runs each, alternating)`);
}

console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
if (mode === '--startup') {
  const runs = Number(args[0] ?? 20);
  const file = path.join(work, 'pod.yaml');
  writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a}]\n');
  compare('start-up: one small file', [['node -e 0', process.execPath, ['-e', '0']], ['sidecar-lint', process.execPath, [cli, '--no-color', file]]], runs);
} else {
  let target;
  let runs;
  if (mode === '--corpus') {
    target = path.resolve(root, '..', 'shared', 'corpus');
    runs = Number(args[0] ?? 5);
  } else {
    const documents = Number(args[0] ?? 10_000);
    runs = Number(args[1] ?? 5);
    const findingEvery = mode === '--findings' ? 3 : 50;
    target = path.join(work, 'repository');
    console.log(`generated ${generateRepository(target, documents, 10, findingEvery)} documents in ${Math.ceil(documents / 10)} files, 1 in ${findingEvery} with a finding`);
  }
  const sarif = path.join(work, 'out.sarif');
  const peer = kubeconform();
  compare(
    `lint ${target}`,
    [
      ['js-yaml parse', process.execPath, [baseline, target]],
      ...(peer ? [['kubeconform', ...peer(target)]] : []),
      ['sidecar-lint', process.execPath, [cli, '--format', 'sarif', '--output', sarif, target]],
    ],
    runs,
  );
}
