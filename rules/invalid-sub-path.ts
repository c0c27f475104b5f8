import type { VolumeMount } from 'kubernetes-types/core/v1.js';
import { rejectionOf } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';
import { stringOrUndefined, type Unchecked } from '../src/kubernetes/values.js';

/** What the API server finds wrong with a path that must stay inside the volume, if anything. */
function escapeOf(path: string): 'absolute' | 'dotDot' | undefined {
  if (path.startsWith('/')) return 'absolute';
  // Only `/` separates segments for the API server: `..` within a name (`v1..v2`) is harmless.
  if (path.split('/').includes('..')) return 'dotDot';
  return undefined;
}

/** Each message says what is wrong, the API server's words for it, and the fix. */
const WHERE = 'The mount of `{{volume}}` at `{{mountPath}}` in container `{{container}}` has {{field}} `{{value}}`, which';
const ABSOLUTE_FIX = "It is relative to the volume's root: write `{{relative}}`.";
const DOT_DOT_FIX = 'Name the directory inside the volume without `..`: it may not climb out of it, nor even up within it.';
const BOTH_SET_FIX = 'Keep subPathExpr if the path needs `$(VAR)` expansion, else keep subPath and remove subPathExpr.';

const rule: PodSpecRule = {
  meta: {
    id: 'invalid-sub-path',
    level: 'error',
    summary: "A volumeMount's subPath or subPathExpr is absolute or contains a '..' segment, or both are set.",
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
    messages: {
      absolute: `${WHERE} is absolute: {{consequence}} ("must be a relative path"). ${ABSOLUTE_FIX}`,
      dotDot: `${WHERE} contains a \`..\` segment: {{consequence}} ("must not contain '..'"). ${DOT_DOT_FIX}`,
      bothSet: `${WHERE} is set together with subPath: {{consequence}} ("subPathExpr and subPath are mutually exclusive"). ${BOTH_SET_FIX}`,
      absoluteAndBothSet:
        `${WHERE} is absolute and is set together with subPath: {{consequence}} ("must be a relative path", ` +
        `"subPathExpr and subPath are mutually exclusive"). ${ABSOLUTE_FIX} ${BOTH_SET_FIX}`,
      dotDotAndBothSet:
        `${WHERE} contains a \`..\` segment and is set together with subPath: {{consequence}} ("must not contain '..'", ` +
        `"subPathExpr and subPath are mutually exclusive"). ${DOT_DOT_FIX} ${BOTH_SET_FIX}`,
    },
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
        const data = (field: 'subPath' | 'subPathExpr', value: string) => ({
          volume: mount.name ?? '?',
          mountPath: mount.mountPath ?? '?',
          container: container.name ?? '?',
          field,
          value,
          relative: value.replace(/^\/+/, ''),
          consequence,
        });
        if (subPath !== undefined) {
          const escape = escapeOf(subPath);
          if (escape !== undefined) report({ path: [...mount.path, 'subPath'], messageId: escape, data: data('subPath', subPath) });
        }
        if (subPathExpr !== undefined) {
          const escape = escapeOf(subPathExpr);
          const bothSet = subPath !== undefined;
          const messageId = bothSet ? (escape !== undefined ? `${escape}AndBothSet` : 'bothSet') : escape;
          if (messageId === undefined) continue;
          report({
            path: [...mount.path, 'subPathExpr'],
            messageId,
            data: data('subPathExpr', subPathExpr),
            related: bothSet ? [{ path: [...mount.path, 'subPath'], message: 'The subPath set on the same mount.' }] : [],
          });
        }
      }
    }
  },
};

export default rule;
