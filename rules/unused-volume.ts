import { allInjectedMounts, NO_CONFIGURED_INJECTIONS, INJECTION_OPTIONS_SCHEMA, type InjectionOptions } from '../src/kubernetes/injected-mounts.js';
import { mountersByVolume, volumeNamePath } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

const rule: PodSpecRule<InjectionOptions> = {
  meta: {
    id: 'unused-volume',
    level: 'warning',
    summary: 'A volume declared in the pod spec is mounted by no container.',
    tags: ['kubernetes', 'volumes', 'maintainability'],
    precision: 'high',
    messages: {
      unmounted:
        'Volume `{{name}}` is declared but no container mounts it: whatever it was meant to carry never reaches a ' +
        'container. Mount it where it is needed, or remove it.',
    },
    // Unknown options are left to the engine's check, which names the options the rule has.
    optionsSchema: {
      type: 'object',
      properties: INJECTION_OPTIONS_SCHEMA,
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  // Set from the config file's top-level `injectedVolumes` and `injectedVolumeAnnotations`.
  defaultOptions: { ...NO_CONFIGURED_INJECTIONS },
  check({ pod, options, report }) {
    // A container list or mount too broken to read may hold the mount of any volume.
    if (!pod.mountsReadable) return;
    const mounted = mountersByVolume(pod);
    // A sidecar that an admission webhook adds mounts what the pod's annotations hand it.
    const injected = allInjectedMounts(pod, options);
    for (const volume of pod.volumes) {
      // A claim template is consumed by the StatefulSet controller as well as by mounts; leave it alone.
      if (volume.claimTemplate || volume.name === undefined || mounted.has(volume.name)) continue;
      if (injected.has(volume.name)) continue;
      report({ path: volumeNamePath(volume), messageId: 'unmounted', data: { name: volume.name } });
    }
  },
};

export default rule;
