import type { JsonPath } from '../yaml/json-path.js';

/**
 * Where each kind that runs pods keeps its pod spec (RULES.md, "Words"). The one table every rule relies on:
 * a kind missing here is a kind no rule sees.
 */
const POD_SPEC_PATHS: Readonly<Record<string, JsonPath>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

export interface PodSpecLocation {
  /** The pod spec, relative to the object. */
  spec: JsonPath;
  /** The pod's metadata (annotations live here): the template's metadata, or the Pod's own. */
  metadata: JsonPath;
}

export function podSpecLocationOf(kind: unknown): PodSpecLocation | undefined {
  if (typeof kind !== 'string' || !Object.hasOwn(POD_SPEC_PATHS, kind)) return undefined;
  const spec = POD_SPEC_PATHS[kind];
  if (!spec) return undefined;
  // The metadata of a pod always sits beside its spec.
  return { spec, metadata: [...spec.slice(0, -1), 'metadata'] };
}

