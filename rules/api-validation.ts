import type { FixIntent, PodSpecRule } from '../src/engine/rule.js';
import { checkContext, messageOf, type ApiCheck, type ApiRejection } from './support/api-validation/context.js';
import type { PodView } from '../src/kubernetes/pod.js';
import { getIn } from '../src/kubernetes/values.js';
import { checkAppArmorAnnotations } from './support/api-validation/apparmor.js';
import { checkContainers } from './support/api-validation/containers.js';
import { checkEnv } from './support/api-validation/env.js';
import { checkMounts } from './support/api-validation/mounts.js';
import { checkNames } from './support/api-validation/names.js';
import { checkOperatingSystem } from './support/api-validation/operating-system.js';
import { checkPodSettings } from './support/api-validation/pod-settings.js';
import { checkPorts } from './support/api-validation/ports.js';
import { checkProbes } from './support/api-validation/probes.js';
import { checkResources } from './support/api-validation/resources.js';
import { checkSeccompAnnotations } from './support/api-validation/seccomp-annotations.js';
import { checkScheduling } from './support/api-validation/scheduling.js';
import { checkSecurityContext } from './support/api-validation/security-context.js';
import { checkVolumes } from './support/api-validation/volumes.js';
import { checkWorkloadTemplates } from './support/api-validation/workload-templates.js';

/*
 * The API server's own validation of a pod spec (pkg/apis/core/validation/validation.go and the apps and batch
 * validations that wrap it), for the rejections a JSON schema cannot express. Each area is a module of
 * rules/support/api-validation/; rejections another rule already reports (undeclared mounts, duplicate names,
 * subPath, container restartPolicy) stay with that rule. The catalogue is in api-validation.md.
 */
const CHECKS: readonly ApiCheck[] = [
  checkNames,
  checkVolumes,
  checkMounts,
  checkContainers,
  checkAppArmorAnnotations,
  checkWorkloadTemplates,
  checkPodSettings,
  checkScheduling,
  checkProbes,
  checkPorts,
  checkEnv,
  checkResources,
  checkSecurityContext,
  checkSeccompAnnotations,
  checkOperatingSystem,
];

const rule: PodSpecRule = {
  meta: {
    id: 'api-validation',
    level: 'error',
    summary:
      "The API server's own validation rejects the pod spec for a reason a JSON schema cannot express: names, volume " +
      'sources, mounts, ports, probes, env, resources, security context, init containers, template restartPolicy.',
    tags: ['kubernetes', 'correctness', 'api-server'],
    precision: 'very-high',
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, settings, report }) {
    const context = checkContext(pod, settings.kubernetesVersion, (rejection) => {
      if (settings.partialObjects === true && aboutTheWhole(rejection, pod)) return;
      const found: { path: typeof rejection.path; message: string; target?: typeof rejection.target; fix?: FixIntent } = {
        path: rejection.path,
        message: messageOf(rejection, context.consequence),
      };
      if (rejection.target !== undefined) found.target = rejection.target;
      if (rejection.edit !== undefined) found.fix = rejection.edit;
      report(found);
    });
    for (const check of CHECKS) check(context);
  },
};

/**
 * In a partial object (a kustomize patch), what is missing, what a name refers to and what repeats may be
 * settled by the base the patch merges into: such rejections are left to the rendered result.
 */
function aboutTheWhole(rejection: ApiRejection, pod: PodView): boolean {
  if (rejection.type === 'Required value' || rejection.type === 'Not found' || rejection.type === 'Duplicate value') return true;
  return getIn(pod.resource.object, rejection.path.slice(pod.resource.path.length)) === undefined;
}

export default rule;
