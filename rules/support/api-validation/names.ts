import type { JsonPath } from '../../../src/yaml/json-path.js';
import { volumeNamePath } from '../../../src/kubernetes/pod.js';
import { getIn } from '../../../src/kubernetes/values.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import { isPlainObject } from '../../../src/kubernetes/values.js';
import { DNS1123_LABEL_MAX, dnsLabelProblems, dnsSubdomainProblems, isDnsLabel, joinProblems, labelsProblems, suggestDnsLabel } from './formats.js';

/*
 * Names that must be DNS-1123 labels (validateContainerCommon, ValidateVolumes, ValidatePodSpec): every
 * container's, every volume's (a StatefulSet's claim templates become pod volumes of the same name), and the
 * pod's hostname and subdomain. Duplicates have rules of their own. The objects a pod spec names by reference
 * (its service account, node, priority class and runtime class) must have names an object can have: DNS-1123
 * subdomains. The pod's labels (the template's, for a workload) must be labels (ValidateObjectMeta,
 * ValidatePodTemplateSpec).
 */

/** Pod spec fields that name another object, and what that object is (ValidatePodSpec). */
const REFERENCES = [
  ['serviceAccountName', 'ServiceAccount'],
  ['nodeName', 'Node'],
  ['priorityClassName', 'PriorityClass'],
  ['runtimeClassName', 'RuntimeClass'],
] as const;

interface NamedThing {
  path: JsonPath;
  value: unknown;
  /** "Container name", "Volume name", "hostname". */
  what: string;
  /** What else to change with it. */
  alsoRename: string;
  /** Where it differs from the pod's: what becomes of a StatefulSet's claims. */
  consequence?: string;
}

function checkLabel(context: ApiCheckContext, thing: NamedThing): void {
  // A name of another type (`name: 8080`) is the schema check's; a missing one too, where required.
  if (typeof thing.value !== 'string') return;
  if (thing.value === '') {
    context.reject({
      ...(thing.consequence === undefined ? {} : { consequence: thing.consequence }),
      path: thing.path,
      type: 'Required value',
      detail: `${thing.what} is empty`,
      fix: 'Give it a name: a DNS-1123 label such as `report-builder`.',
    });
    return;
  }
  if (dnsLabelProblems(thing.value).length === 0) return;
  const suggestion = suggestDnsLabel(thing.value);
  const tooLong = thing.value.length > DNS1123_LABEL_MAX;
  context.reject({
    ...(thing.consequence === undefined ? {} : { consequence: thing.consequence }),
    path: thing.path,
    type: 'Invalid value',
    detail:
      `${thing.what} \`${thing.value}\` is not a DNS-1123 label (` +
      (tooLong
        ? `${thing.value.length} characters, at most ${DNS1123_LABEL_MAX}`
        : "lower-case letters, digits and '-', starting and ending with a letter or digit") +
      ')',
    fix: suggestion === undefined ? `Rename it${thing.alsoRename}.` : `Use \`${suggestion}\`${thing.alsoRename}.`,
  });
}

/**
 * Nothing to say: a valid label, or a value of another type (the schema check's). Asked first, so that the
 * common case builds no description of the name.
 */
const isFine = (value: unknown): boolean => typeof value !== 'string' || (value !== '' && isDnsLabel(value));

export const checkNames: ApiCheck = (context) => {
  const { pod } = context;
  for (const container of pod.containers) {
    if (isFine(container.raw.name)) continue;
    checkLabel(context, {
      path: [...container.path, 'name'],
      value: container.raw.name,
      what: 'Container name',
      alsoRename: ' (and any reference to it, such as a `kubectl.kubernetes.io/default-container` annotation)',
    });
  }
  for (const volume of pod.volumes) {
    const raw = getIn(volume.raw, volume.claimTemplate ? ['metadata', 'name'] : ['name']);
    if (isFine(raw)) continue;
    checkLabel(context, {
      path: volumeNamePath(volume),
      value: raw,
      what: volume.claimTemplate ? 'Claim template name (the pod volume it becomes)' : 'Volume name',
      alsoRename: ', and rename its mounts too',
      // The controller names each claim `<template>-<statefulset>-<ordinal>`: the claims are refused first.
      ...(volume.claimTemplate
        ? { consequence: 'the API server accepts the StatefulSet but rejects the claims and pods its controller creates' }
        : {}),
    });
  }
  for (const field of ['hostname', 'subdomain'] as const) {
    const value = pod.spec[field];
    // An empty hostname or subdomain is the same as none.
    if (value === '') continue;
    checkLabel(context, { path: [...pod.specPath, field], value, what: `The pod's ${field}`, alsoRename: '' });
  }
  for (const [field, kind] of REFERENCES) checkReference(context, field, kind);
  checkPodLabels(context);
};

/** The API server names the labels map (a template's as `template.labels`): the finding points at it. */
function checkPodLabels(context: ApiCheckContext): void {
  const { pod } = context;
  const labels = pod.metadata?.labels;
  if (!isPlainObject(labels)) return;
  const problems = labelsProblems(labels);
  if (problems.length === 0) return;
  context.reject({
    path: [...pod.annotationsPath.slice(0, -1), 'labels'],
    type: 'Invalid value',
    detail: `The pod's labels are not all valid: ${problems.join('; ')}`,
    fix: 'A label value has 63 characters at most: letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit (no `+`, `/`, `:` or spaces); a key is an optional DNS prefix and `/` and such a name.',
  });
}

/** A name that no object of the kind can have; an empty one is the same as none. */
function checkReference(context: ApiCheckContext, field: (typeof REFERENCES)[number][0], kind: string): void {
  const value = context.pod.spec[field];
  if (typeof value !== 'string' || value === '') return;
  const problems = dnsSubdomainProblems(value);
  if (problems.length === 0) return;
  const suggestion = value.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
  context.reject({
    path: [...context.pod.specPath, field],
    type: 'Invalid value',
    detail: `${field} \`${value}\` is no name a ${kind} can have: ${joinProblems(problems)}`,
    fix:
      dnsSubdomainProblems(suggestion).length === 0
        ? `Use the ${kind}'s metadata.name, e.g. \`${suggestion}\`.`
        : `Use the ${kind}'s metadata.name (lower-case letters, digits, '-' and '.').`,
  });
}
