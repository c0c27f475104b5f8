import type { VolumeMount } from 'kubernetes-types/core/v1.js';
import { rejectionOf } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';
import { stringOrUndefined, type Unchecked } from '../src/kubernetes/values.js';

interface Problem {
  /** What is wrong, after "which". */
  wrong: string;
  /** The API server's words for it. */
  says: string;
  fix: string;
}

/** What the API server finds wrong with a path that must stay inside the volume, if anything. */
function escapeOf(path: string): Problem | undefined {
  if (path.startsWith('/')) {
    return {
      wrong: 'is absolute',
      says: 'must be a relative path',
      fix: `It is relative to the volume's root: write \`${path.replace(/^\/+/, '')}\`.`,
    };
  }
  // Only `/` separates segments for the API server: `..` within a name (`v1..v2`) is harmless.
  if (path.split('/').includes('..')) {
    return {
      wrong: 'contains a `..` segment',
      says: "must not contain '..'",
      fix: 'Name the directory inside the volume without `..`: it may not climb out of it, nor even up within it.',
    };
  }
  return undefined;
}

const BOTH_SET: Problem = {
  wrong: 'is set together with subPath',
  says: 'subPathExpr and subPath are mutually exclusive',
  fix: 'Keep subPathExpr if the path needs `$(VAR)` expansion, else keep subPath and remove subPathExpr.',
};

const rule: PodSpecRule = {
  meta: {
    id: 'invalid-sub-path',
    level: 'error',
    summary: "A volumeMount's subPath or subPathExpr is absolute or contains a '..' segment, or both are set.",
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    const consequence = rejectionOf(pod);
    for (const container of pod.containers) {
      for (const mount of container.mounts) {
        if (mount.device) continue;
        const raw = mount.raw as Unchecked<VolumeMount>;
        // Empty means the volume's root, as if unset; a value that is not a string is the schema check's.
        const subPath = stringOrUndefined(raw.subPath) || undefined;
        const subPathExpr = stringOrUndefined(raw.subPathExpr) || undefined;
        const where = `The mount of \`${mount.name ?? '?'}\` at \`${mount.mountPath ?? '?'}\` in container \`${container.name ?? '?'}\``;
        const reportProblems = (field: 'subPath' | 'subPathExpr', value: string, found: (Problem | undefined)[]) => {
          const problems = found.filter((problem) => problem !== undefined);
          if (problems.length === 0) return;
          report({
            path: [...mount.path, field],
            message:
              `${where} has ${field} \`${value}\`, which ${problems.map((p) => p.wrong).join(' and ')}: ${consequence} ` +
              `(${problems.map((p) => `"${p.says}"`).join(', ')}). ${problems.map((p) => p.fix).join(' ')}`,
          });
        };
        if (subPath !== undefined) reportProblems('subPath', subPath, [escapeOf(subPath)]);
        if (subPathExpr !== undefined) {
          reportProblems('subPathExpr', subPathExpr, [escapeOf(subPathExpr), subPath !== undefined ? BOTH_SET : undefined]);
        }
      }
    }
  },
};

export default rule;
