import { BUILT_IN_WORKLOAD_KINDS } from '../kubernetes/workloads.js';

/**
 * Which precompiled validator module holds the built-in `apiVersion/kind`: the workloads share the pod spec's large
 * validator; every other kind is in its API group's module (`core` for v1). A run loads the modules of the groups it
 * meets: a Service and a ConfigMap beside a Deployment cost the core group's validators, not those of all 150 kinds.
 */
export function validatorGroupOf(kindKey: string): string {
  const slash = kindKey.lastIndexOf('/');
  // By kind name, over every built-in version (extensions/v1beta1 Deployment too): the split the build made.
  if (BUILT_IN_WORKLOAD_KINDS.has(kindKey.slice(slash + 1))) return 'workloads';
  const apiVersion = kindKey.slice(0, slash);
  const groupEnd = apiVersion.indexOf('/');
  return groupEnd === -1 ? 'core' : apiVersion.slice(0, groupEnd);
}
