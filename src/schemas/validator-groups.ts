import { WORKLOAD_KINDS } from '../kubernetes/workloads.js';

/** Which precompiled validator module holds `apiVersion/kind`: the workloads share the pod spec's validator. */
export function validatorGroupOf(kindKey: string): 'workloads' | 'other' {
  return WORKLOAD_KINDS.includes(kindKey.slice(kindKey.lastIndexOf('/') + 1)) ? 'workloads' : 'other';
}
