import type { KubernetesVersion } from '../kubernetes/kubernetes-version.js';

/** A built-in API version that Kubernetes stopped serving, from the Kubernetes deprecated API migration guide. */
export interface RemovedApi {
  apiVersion: string;
  /** Kinds the removal concerns, or every kind of that group/version. */
  kinds: readonly string[] | 'all';
  removedIn: KubernetesVersion;
  /** The apiVersion to move to or, where there is none, what to do instead. */
  replacement: string;
}

const PSP_SUCCESSOR = 'Pod Security Admission (labels on the namespace): PodSecurityPolicy has no successor API';

/** Whether a replacement names an apiVersion (`apps/v1`) rather than advice in words. */
export function isApiVersion(replacement: string): boolean {
  return /^[\w.-]+\/[\w.-]+$|^v\d\w*$/.test(replacement);
}

const v = (minor: number): KubernetesVersion => ({ major: 1, minor });

export const REMOVED_APIS: readonly RemovedApi[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], removedIn: v(16), replacement: 'apps/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], removedIn: v(16), replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: v(16), replacement: PSP_SUCCESSOR },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removedIn: v(22), replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'apps/v1beta1', kinds: 'all', removedIn: v(16), replacement: 'apps/v1' },
  { apiVersion: 'apps/v1beta2', kinds: 'all', removedIn: v(16), replacement: 'apps/v1' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removedIn: v(22), replacement: 'networking.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: 'all', removedIn: v(22), replacement: 'rbac.authorization.k8s.io/v1' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'apiextensions.k8s.io/v1' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'admissionregistration.k8s.io/v1' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'apiregistration.k8s.io/v1' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'authentication.k8s.io/v1' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'authorization.k8s.io/v1' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'certificates.k8s.io/v1' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'coordination.k8s.io/v1' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: 'all', removedIn: v(22), replacement: 'scheduling.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], removedIn: v(22), replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: v(25), replacement: 'batch/v1' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removedIn: v(25), replacement: 'discovery.k8s.io/v1' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removedIn: v(25), replacement: 'events.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removedIn: v(25), replacement: 'autoscaling/v2' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removedIn: v(25), replacement: 'policy/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], removedIn: v(25), replacement: PSP_SUCCESSOR },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removedIn: v(25), replacement: 'node.k8s.io/v1' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removedIn: v(26), replacement: 'autoscaling/v2' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: 'all', removedIn: v(26), replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], removedIn: v(27), replacement: 'storage.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: 'all', removedIn: v(29), replacement: 'flowcontrol.apiserver.k8s.io/v1' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: 'all', removedIn: v(32), replacement: 'flowcontrol.apiserver.k8s.io/v1' },
];

export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return REMOVED_APIS.find(
    (removed) => removed.apiVersion === apiVersion && (removed.kinds === 'all' || removed.kinds.includes(kind)),
  );
}
