import { closestName, editDistance } from '../src/engine/closest-name.js';
import { emptyDirOf, rejectionOf } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/** The media the kubelet knows: default (node disk), Memory (tmpfs), and huge pages of a given size. */
const HUGE_PAGES_WITH_SIZE = /^HugePages-[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

function isValidMedium(medium: unknown): boolean {
  if (medium === undefined || medium === null) return true;
  return medium === '' || medium === 'Memory' || medium === 'HugePages' || (typeof medium === 'string' && HUGE_PAGES_WITH_SIZE.test(medium));
}

const MEDIA = 'Use `""` (node disk), `Memory`, `HugePages` or `HugePages-<size>`.';

/** What the author likely meant by an unknown medium, or the media there are. */
function suggestionFor(medium: string): string {
  const lower = medium.toLowerCase();
  if (lower === 'memory' || lower === 'ram' || lower === 'tmpfs') return 'Did you mean `Memory`? The value is case-sensitive.';
  if (lower.startsWith('hugepages')) return 'Write `HugePages` or `HugePages-<size>` (for example `HugePages-2Mi`), case-sensitive.';
  if (lower === 'disk' || lower === 'default') return 'For node disk, leave `medium` out or set it to `""`.';
  const typo = closestName(medium, ['Memory', 'HugePages']);
  if (typo !== undefined) return `Did you mean \`${typo}\`?`;
  return MEDIA;
}

/** Typos this far from a medium's name (`Memroy`, `Hugepage`) are that medium, when no other is as near. */
const TYPO_DISTANCE = 2;

/**
 * The one valid medium `medium` is a case or spelling variant of, for a fix: `memory`, `MEMORY`, `Memroy` are
 * `Memory`; `hugepages-2Mi` is `HugePages-2Mi`. Undefined where it could be more than one, or is not near any.
 */
function meantMedium(medium: string): string | undefined {
  const sized = /^hugepages-(.+)$/i.exec(medium);
  if (sized) return HUGE_PAGES_WITH_SIZE.test(`HugePages-${sized[1]}`) ? `HugePages-${sized[1]}` : undefined;
  if (medium.length < 4) return undefined;
  const near = ['Memory', 'HugePages'].filter((name) => editDistance(medium.toLowerCase(), name.toLowerCase(), TYPO_DISTANCE) <= TYPO_DISTANCE);
  return near.length === 1 ? near[0] : undefined;
}

const rule: PodSpecRule = {
  meta: {
    id: 'emptydir-invalid-medium',
    level: 'error',
    summary: 'An emptyDir medium is not "", Memory, HugePages or HugePages-{size}.',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
    messages: {
      unknownMedium:
        'emptyDir volume `{{name}}` has medium {{medium}}, which the kubelet does not know: the pod never starts (its ' +
        'volume cannot be set up). {{suggestion}}',
      notAString: `emptyDir volume \`{{name}}\` has medium {{medium}}, which is not a string: {{consequence}}. ${MEDIA}`,
    },
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    for (const volume of pod.volumes) {
      const emptyDir = emptyDirOf(volume);
      if (!emptyDir || isValidMedium(emptyDir.medium)) continue;
      const { medium } = emptyDir;
      const path = [...volume.path, 'emptyDir', 'medium'];
      const name = volume.name ?? '?';
      if (typeof medium === 'string') {
        const meant = meantMedium(medium);
        report({
          path,
          messageId: 'unknownMedium',
          data: { name, medium: JSON.stringify(medium), suggestion: suggestionFor(medium) },
          ...(meant !== undefined ? { fix: { replace: { path, value: meant }, description: `Write the medium as \`${meant}\`` } } : {}),
        });
      } else {
        const written = JSON.stringify(medium) ?? String(medium);
        report({ path, messageId: 'notAString', data: { name, medium: written, consequence: rejectionOf(pod) } });
      }
    }
  },
};

export default rule;
