import { BUILT_IN_WORKLOAD_KINDS } from '../kubernetes/workloads.js';

/** Which precompiled validator module holds `apiVersion/kind`: the workloads share the pod spec's validator. */
export function validatorGroupOf(kindKey: string): 'workloads' | 'other' {
  // By kind name, over every built-in version (extensions/v1beta1 Deployment too): the split the build made.
  return BUILT_IN_WORKLOAD_KINDS.has(kindKey.slice(kindKey.lastIndexOf('/') + 1)) ? 'workloads' : 'other';
}
