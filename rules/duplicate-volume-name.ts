import { volumeNamePath, type PodView, type VolumeView, rejectionOf } from '../src/kubernetes/pod.js';
import { repeats } from './support/repeats.js';
import type { PodSpecRule } from '../src/engine/rule.js';
import { getIn, isPlainObject } from '../src/kubernetes/values.js';

/**
 * The declared volumes in the order they are written. A StatefulSet keeps its claim templates beside the pod
 * template, and either may come first in the file; the parser keeps keys in file order.
 */
function inFileOrder(pod: PodView): VolumeView[] {
  const volumes = pod.volumes.filter((volume) => !volume.claimTemplate);
  const claims = pod.volumes.filter((volume) => volume.claimTemplate);
  const spec = getIn(pod.resource.object, ['spec']);
  const keys = isPlainObject(spec) ? Object.keys(spec) : [];
  const claimsFirst = keys.indexOf('volumeClaimTemplates') < keys.indexOf('template');
  return claimsFirst ? [...claims, ...volumes] : [...volumes, ...claims];
}

/** What a pod-spec volume is (`emptyDir`, `configMap`, ...), for messages. */
function sourceOf(volume: VolumeView): string {
  return Object.keys(volume.raw).find((key) => key !== 'name') ?? 'volume';
}

/** How the related location names the earlier of the two. */
function describeEarlier(earlier: VolumeView, name: string): string {
  return earlier.claimTemplate
    ? `Claim template \`${name}\`, declared first.`
    : `Volume \`${name}\` (\`${sourceOf(earlier)}\`), declared first.`;
}

const rule: PodSpecRule = {
  meta: {
    id: 'duplicate-volume-name',
    level: 'error',
    summary: 'Two declared volumes (or claim templates) share a name.',
    tags: ['kubernetes', 'volumes', 'correctness'],
    precision: 'very-high',
    messages: {
      claimTemplateTwice:
        'Claim template `{{name}}` is declared twice: the StatefulSet controller keeps one claim template per name, so ' +
        'one of the two never becomes a PersistentVolumeClaim and its settings are silently ignored. Rename one of ' +
        'them, or remove the copy.',
      claimTemplateReplacesVolume:
        "Claim template `{{name}}` has the same name as the pod template's `{{source}}` volume: the StatefulSet " +
        'controller silently replaces that volume with the claim, so each pod gets its own claim from the template ' +
        'and the volume written in the pod template is never used. Remove that volume, or rename one of them.',
      volumeReplacedByClaimTemplate:
        'Volume `{{name}}` (`{{source}}`) has the same name as a claim template: the StatefulSet controller silently ' +
        'replaces it with the claim, so each pod gets its own claim from the template and this volume is never used. ' +
        'Remove it, or rename one of them.',
      volumeTwice:
        'Volume `{{name}}` is declared twice in this pod spec: {{consequence}} ("Duplicate value"). Give this one a ' +
        'name of its own (and point the mounts meant for it there), or remove the copy.',
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    for (const { item: volume, earlier } of repeats(inFileOrder(pod), (candidate) => candidate.name)) {
      const name = volume.name ?? '';
      const related = [{ path: volumeNamePath(earlier), message: describeEarlier(earlier, name) }];
      const path = volumeNamePath(volume);
      if (volume.claimTemplate && earlier.claimTemplate) {
        report({ path, messageId: 'claimTemplateTwice', data: { name }, related });
      } else if (volume.claimTemplate) {
        report({ path, messageId: 'claimTemplateReplacesVolume', data: { name, source: sourceOf(earlier) }, related });
      } else if (earlier.claimTemplate) {
        report({ path, messageId: 'volumeReplacedByClaimTemplate', data: { name, source: sourceOf(volume) }, related });
      } else {
        report({ path, messageId: 'volumeTwice', data: { name, consequence: rejectionOf(pod) }, related });
      }
    }
  },
};

export default rule;
