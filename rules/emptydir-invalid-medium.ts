import { closestName } from '../src/engine/closest-name.js';
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
        report({ path, messageId: 'unknownMedium', data: { name, medium: JSON.stringify(medium), suggestion: suggestionFor(medium) } });
      } else {
        const written = JSON.stringify(medium) ?? String(medium);
        report({ path, messageId: 'notAString', data: { name, medium: written, consequence: rejectionOf(pod) } });
      }
    }
  },
};

export default rule;
