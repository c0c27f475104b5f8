import { describe, expect, it } from 'vitest';
import { lintText } from '../src/engine/api.js';

/*
 * Work per pod grows with the pod, not with its square: a pull request can write a pod with thousands of volumes or
 * containers. The bound is a hang guard, far above what a linear run takes on a loaded 2-core machine (well under a
 * second here); before unshared-volume kept each container's mount points, 8,000 volumes took 25 s, and two
 * containers with 4,000 volumes each over two minutes.
 */
const GUARD_MS = 10_000;

function pod(containers: readonly string[], volumesEach: number): string {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: big', 'spec:', '  containers:'];
  for (const name of containers) {
    lines.push(`    - name: ${name}`, `      image: registry.example.com/${name}:1`, '      args: ["--dir=/m/1/x"]', '      volumeMounts:');
    for (let index = 0; index < volumesEach; index++) lines.push(`        - {name: ${name}${index}, mountPath: /m/${index}}`);
  }
  lines.push('  volumes:');
  for (const name of containers) for (let index = 0; index < volumesEach; index++) lines.push(`    - {name: ${name}${index}, emptyDir: {}}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A Job whose containers all mount one emptyDir at `/m/0` and name `/m/1/x`, which nobody mounts: every container is
 * judged against every other by job-blocking-sidecar (does another stop it?) and by sidecar-reads-unmounted-path
 * (does another mount that path?). When each container's words and mounts were worked out again for each other
 * container, 4,000 containers took 1.7 to 4.6 s (quadratic); now about 0.2 s.
 */
function job(containerCount: number): string {
  const lines = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: big', 'spec:', '  template:', '    spec:', '      restartPolicy: Never', '      containers:'];
  for (let index = 0; index < containerCount; index++) {
    lines.push(`        - name: c${index}`, `          image: registry.example.com/c${index}:1`, '          args: ["--dir=/m/1/x"]');
    lines.push('          volumeMounts: [{name: shared, mountPath: /m/0}]');
  }
  lines.push('      volumes:', '        - {name: shared, emptyDir: {}}');
  return `${lines.join('\n')}\n`;
}

describe('pods of hostile size', () => {
  it.each([
    ['one container, 8,000 volumes', ['app'], 8000],
    ['two containers, 4,000 volumes each, mounted at the same paths', ['app', 'side'], 4000],
  ] as const)('%s: linted in bounded time', (_name, containers, volumesEach) => {
    const started = Date.now();
    const report = lintText(pod(containers, volumesEach), { filePath: 'big.yaml' });
    expect(Date.now() - started).toBeLessThan(GUARD_MS);
    expect(report.problems).toEqual([]);
  }, 60_000);

  it('a Job of 4,000 containers: linted in bounded time', () => {
    const started = Date.now();
    const report = lintText(job(4000), { filePath: 'big.yaml' });
    expect(Date.now() - started).toBeLessThan(GUARD_MS);
    expect(report.problems).toEqual([]);
    expect(report.files.flatMap((file) => file.findings)).toEqual([]);
  }, 60_000);
});

describe('pods of hostile size, continued', () => {
  it('a Job of 6,000 containers, each with its own emptyDir and each naming a path in the next one\'s', () => {
    const count = 6000;
    const lines = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: big', 'spec:', '  template:', '    spec:', '      restartPolicy: Never', '      containers:'];
    for (let index = 0; index < count; index++) {
      lines.push(
        `        - name: c${index}`,
        `          image: registry.example.com/c${index}:1`,
        `          args: ["--out=/data${index}/x.log", "--in=/data${(index + 1) % count}/y"]`,
        `          volumeMounts: [{name: v${index}, mountPath: /data${index}}]`,
      );
    }
    lines.push('      volumes:', ...Array.from({ length: count }, (_, index) => `        - {name: v${index}, emptyDir: {}}`));
    const started = Date.now();
    const report = lintText(`${lines.join('\n')}\n`, { filePath: 'big.yaml' });
    expect(Date.now() - started).toBeLessThan(GUARD_MS);
    const unshared = report.files[0]?.findings.filter((finding) => finding.ruleId === 'unshared-volume') ?? [];
    expect(unshared).toHaveLength(count);
  }, 60_000);
});
