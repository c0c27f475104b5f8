import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { Target } from '../../../src/yaml/yaml-file.js';
import type { FixIntent } from '../../../src/engine/rule.js';
import { compareKubernetesVersions, type KubernetesVersion } from '../../../src/kubernetes/kubernetes-version.js';
import { rejectionOf, type PodView } from '../../../src/kubernetes/pod.js';

/** The API server's error types (k8s.io/apimachinery/pkg/util/validation/field), as it words them. */
export type ApiErrorType =
  | 'Invalid value'
  | 'Required value'
  | 'Forbidden'
  | 'Duplicate value'
  | 'Not found'
  | 'Unsupported value'
  | 'Too long'
  | 'Too many';

/** One rejection the API server would make, found in a pod spec. */
export interface ApiRejection {
  /** From the document root, as the pod view's paths are. */
  path: JsonPath;
  /** `key` for a forbidden field (the API server names the field, not its value). */
  target?: Target;
  type: ApiErrorType;
  /** What is wrong, in the API server's words where it has some (`must be no more than 15 characters`). */
  detail: string;
  /** What to do about it (`use \`log-shipper\``); optional where the detail says it all. */
  fix?: string;
  /** The edit that fixes it, where it is certainly what the author meant (rule.ts, FixIntent). */
  edit?: FixIntent;
  /**
   * What becomes of the object, where it differs from the context's `consequence`: the apps validation checks a
   * StatefulSet's template restartPolicy and AppArmor annotations when the StatefulSet itself is applied.
   */
  consequence?: string;
}

/** What every check of api-validation gets: the pod, the target release and a way to report. */
export interface ApiCheckContext {
  pod: PodView;
  version: KubernetesVersion;
  /** Whether the target release is `1.minor` or later: how a check follows a feature gate's default. */
  atLeast(minor: number): boolean;
  /** "the API server rejects the Deployment", or what becomes of a StatefulSet's pods. */
  consequence: string;
  reject(rejection: ApiRejection): void;
}

/** One area of the API server's pod validation (names, volumes, probes, ...). */
export type ApiCheck = (context: ApiCheckContext) => void;

export function checkContext(pod: PodView, version: KubernetesVersion, reject: (rejection: ApiRejection) => void): ApiCheckContext {
  return {
    pod,
    version,
    atLeast: (minor) => compareKubernetesVersions(version, { major: 1, minor }) >= 0,
    consequence: rejectionOf(pod),
    reject,
  };
}

/** The finding's message: what is wrong, the API server's words and consequence, then what to do. */
export function messageOf(rejection: ApiRejection, consequence: string): string {
  const fix = rejection.fix === undefined ? '' : ` ${rejection.fix}`;
  return `${rejection.detail}: ${rejection.consequence ?? consequence} (${rejection.type}).${fix}`;
}

/**
 * What becomes of the object for a check the API server makes only when a Pod is created (ValidatePodCreate): a
 * built-in workload is accepted and every pod its controller makes is refused.
 */
export function consequenceOnPodCreate(context: ApiCheckContext): { consequence?: string } {
  const { workload } = context.pod;
  if (!workload.builtIn || (workload.group === '' && workload.kind === 'Pod')) return {};
  return { consequence: `the API server accepts the ${workload.kind} but rejects every pod its controller creates` };
}
