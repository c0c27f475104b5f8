import type { Container, PodSecurityContext, PodSpec, SeccompProfile } from 'kubernetes-types/core/v1.js';
import { objectOrUndefined, type Unchecked } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import { consequenceOnPodCreate, type ApiCheck, type ApiCheckContext } from './context.js';
import { joinProblems, localDescendingPathProblems } from './formats.js';

/*
 * The deprecated seccomp annotations (ValidateSeccompPodAnnotations, validateSeccompAnnotationsAndFields): the
 * API server still reads their values, and where an annotation and the seccompProfile field both speak for the
 * same pod or container they must agree.
 */

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
const LOCALHOST_PREFIX = 'localhost/';

export const checkSeccompAnnotations: ApiCheck = (context) => {
  const annotations = context.pod.annotations;
  // Everything below is about annotations, which many pods are without.
  if (annotations.size === 0) return;
  for (const [key, value] of annotations) {
    if (key === POD_ANNOTATION || key.startsWith(CONTAINER_ANNOTATION_PREFIX)) checkAnnotationValue(context, key, value);
  }
  const spec = context.pod.spec as Unchecked<PodSpec>;
  const podContext = objectOrUndefined(spec.securityContext) as Unchecked<PodSecurityContext> | undefined;
  const podAnnotation = annotations.get(POD_ANNOTATION);
  if (podAnnotation !== undefined) {
    checkMatch(context, podAnnotation, POD_ANNOTATION, podContext?.seccompProfile, [...context.pod.specPath, 'securityContext', 'seccompProfile'], 'the pod');
  }
  for (const container of context.pod.containers) {
    if (container.name === undefined) continue;
    const key = `${CONTAINER_ANNOTATION_PREFIX}${container.name}`;
    const annotation = annotations.get(key);
    if (annotation === undefined) continue;
    const securityContext = objectOrUndefined((container.raw as Unchecked<Container>).securityContext);
    const path = [...container.path, 'securityContext', 'seccompProfile'];
    checkMatch(context, annotation, key, securityContext?.seccompProfile, path, `container \`${container.name}\``);
  }
};

function checkAnnotationValue(context: ApiCheckContext, key: string, value: string): void {
  if (value === 'runtime/default' || value === 'docker/default' || value === 'unconfined') return;
  const problems = value.startsWith(LOCALHOST_PREFIX)
    ? localDescendingPathProblems(value.slice(LOCALHOST_PREFIX.length))
    : ['must be a valid seccomp profile'];
  if (problems.length === 0) return;
  context.reject({
    path: [...context.pod.annotationsPath, key],
    type: 'Invalid value',
    detail: `The annotation \`${key}\` holds \`${value}\`, which ${joinProblems(problems)}`,
    fix: 'Better, drop the deprecated annotation for `securityContext.seccompProfile` (`type: RuntimeDefault`, `Unconfined` or `Localhost` with a relative `localhostProfile`); the annotation takes `runtime/default`, `unconfined` or `localhost/<relative path>`.',
  });
}

function checkMatch(context: ApiCheckContext, annotation: string, key: string, field: unknown, path: JsonPath, owner: string): void {
  const profile = objectOrUndefined(field) as Unchecked<SeccompProfile> | undefined;
  if (profile === undefined || typeof profile.type !== 'string') return;
  const type = profile.type;
  let mismatch: 'type' | 'localhostProfile' | undefined;
  if (type === 'Unconfined' && annotation !== 'unconfined') mismatch = 'type';
  else if (type === 'RuntimeDefault' && annotation !== 'runtime/default' && annotation !== 'docker/default') mismatch = 'type';
  else if (type === 'Localhost') {
    if (!annotation.startsWith(LOCALHOST_PREFIX)) mismatch = 'type';
    else if (profile.localhostProfile !== annotation.slice(LOCALHOST_PREFIX.length)) mismatch = 'localhostProfile';
  }
  if (mismatch === undefined) return;
  context.reject({
    path: [...path, mismatch],
    type: 'Forbidden',
    ...consequenceOnPodCreate(context),
    detail:
      mismatch === 'type'
        ? `The seccompProfile of ${owner} is of type ${type} but the annotation \`${key}\` says \`${annotation}\`: seccomp type in annotation and field must match`
        : `The seccompProfile of ${owner} names another Localhost profile than the annotation \`${key}\` (\`${annotation}\`): seccomp profile in annotation and field must match`,
    fix: 'Remove the deprecated annotation and keep the field, or make them say the same.',
  });
}
