import { closestName, editDistance } from '../src/engine/closest-name.js';
import { mountersByVolume, rejectionOf, volumeNamePath } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

const UNDECLARED =
  'Container `{{container}}` mounts volume `{{volume}}`, which the pod spec does not declare: {{consequence}}.';

/** Whether two names differ only by two neighbouring letters swapped (`cahce`, `cache`). */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((letter, index) => (letter === b[index] ? [] : [index]));
  const [first, second] = differ;
  return differ.length === 2 && first !== undefined && second === first + 1 && a[first] === b[second] && a[second] === b[first];
}

/** Whether `name` is a typo of `volume`: two letters swapped, or a few edits apart and fewer than a third of the name. */
function isTypoOf(name: string, volume: string): boolean {
  if (isSwap(name, volume)) return true;
  const limit = Math.min(2, Math.floor(Math.max(name.length, volume.length) / 3));
  return limit > 0 && editDistance(name, volume, limit) <= limit;
}

/**
 * The volume a mount name certainly meant, for a fix: the one declared volume it is a typo of, which no container
 * mounts and which no other undeclared name is a typo of. Otherwise undefined: a guess is left to the author.
 */
function meantVolume(name: string, declared: ReadonlySet<string>, unused: readonly string[], undeclared: ReadonlySet<string>): string | undefined {
  const near = [...declared].filter((volume) => isTypoOf(name, volume));
  const [volume] = near;
  if (near.length !== 1 || volume === undefined || !unused.includes(volume)) return undefined;
  return [...undeclared].every((other) => other === name || !isTypoOf(other, volume)) ? volume : undefined;
}

const rule: PodSpecRule = {
  meta: {
    id: 'undeclared-volume-mount',
    level: 'error',
    summary: 'A volumeMount (or volumeDevice) names a volume the pod spec does not declare.',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
    messages: {
      undeclaredWithSuggestion: `${UNDECLARED} Did you mean \`{{suggestion}}\`?`,
      undeclared: `${UNDECLARED} Declared volumes: {{declared}}.`,
      noVolumes: `${UNDECLARED} The pod spec declares no volumes: add one under \`volumes\`.`,
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    // A volume list given as a string, or a volume with no name, could be what any mount meant: skip, not guess.
    if (!pod.volumesReadable) return;
    const declared = new Set<string>();
    for (const volume of pod.volumes) if (volume.name !== undefined) declared.add(volume.name);
    const undeclared = new Set<string>();
    for (const container of pod.containers) {
      for (const mount of container.mounts) if (mount.name !== undefined && !declared.has(mount.name)) undeclared.add(mount.name);
    }
    // Nearly always: what follows is only for the message and suggestions of a finding.
    if (undeclared.size === 0) return;
    const consequence = rejectionOf(pod);
    const mounted = mountersByVolume(pod);
    // A mount that names nothing and a volume that nobody mounts are most often one typo seen from two sides.
    const unused = [...declared].filter((name) => !mounted.has(name));
    for (const container of pod.containers) {
      for (const mount of container.mounts) {
        if (mount.name === undefined || declared.has(mount.name)) continue;
        // Near names first, unused ones before the rest; failing those, a single unused volume is the likely
        // target even when its name is far off.
        const suggestion =
          closestName(mount.name, unused) ??
          closestName(mount.name, declared) ??
          (unused.length === 1 ? unused[0] : undefined);
        const path = [...mount.path, 'name'];
        const data = { container: container.name ?? '?', volume: mount.name, consequence };
        if (suggestion !== undefined) {
          const meant = pod.volumes.find((volume) => volume.name === suggestion);
          const typoOf = meantVolume(mount.name, declared, unused, undeclared);
          report({
            path,
            messageId: 'undeclaredWithSuggestion',
            data: { ...data, suggestion },
            related: meant ? [{ path: volumeNamePath(meant), message: `Volume \`${suggestion}\` is declared here.` }] : [],
            ...(typoOf === suggestion ? { fix: { replace: { path, value: typoOf }, description: `Mount volume \`${typoOf}\`` } } : {}),
          });
        } else if (declared.size === 0) {
          report({ path, messageId: 'noVolumes', data });
        } else {
          report({ path, messageId: 'undeclared', data: { ...data, declared: [...declared].map((name) => `\`${name}\``).join(', ') } });
        }
      }
    }
  },
};

export default rule;
