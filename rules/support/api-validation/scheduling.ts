import { arrayOrEmpty, isPlainObject, objectOrUndefined, type PlainObject } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import { joinProblems, labelsProblems, labelValueProblems, qualifiedNameProblems } from './formats.js';

/*
 * Where a pod may be scheduled (ValidatePodSpec): its nodeSelector (labels), its scheduling gates, its tolerations (ValidateTolerations), its topology spread
 * constraints (validateTopologySpreadConstraints) and its node and pod (anti-)affinity (validateAffinity). An
 * operator or effect outside its enum is the schema's to report; a value of another type too.
 */

const MIN_WEIGHT = 1;
const MAX_WEIGHT = 100;

/** Label keys (ValidateLabelName): a qualified name. */
function checkLabelKey(context: ApiCheckContext, key: unknown, path: JsonPath, what: string): void {
  if (typeof key !== 'string') return;
  if (key === '') {
    context.reject({ path, type: 'Invalid value', detail: `${what} is empty: name part must be non-empty`, fix: 'Name the label, e.g. `topology.kubernetes.io/zone`.' });
    return;
  }
  const problems = qualifiedNameProblems(key);
  if (problems.length === 0) return;
  context.reject({ path, type: 'Invalid value', detail: `${what} \`${key}\` is not a valid label key: ${joinProblems(problems)}`, fix: 'Write the label key as the nodes or pods carry it.' });
}

/** One toleration: its key, its operator against its value, and tolerationSeconds against its effect. */
function checkToleration(context: ApiCheckContext, toleration: PlainObject, path: JsonPath, index: number): void {
  const { key, operator, value, effect, tolerationSeconds } = toleration;
  const label = `Toleration ${index}`;
  if (typeof key === 'string' && key !== '') checkLabelKey(context, key, [...path, 'key'], `${label}'s key`);
  const exists = operator === 'Exists';
  const equal = operator === undefined || operator === null || operator === '' || operator === 'Equal';
  if ((key === undefined || key === null || key === '') && !exists && equal) {
    context.reject({
      path: [...path, 'operator'],
      type: 'Invalid value',
      detail: `${label} has no key and operator \`${typeof operator === 'string' && operator !== '' ? operator : 'Equal'}\`: operator must be Exists when \`key\` is empty, which means "match all values and all keys"`,
      fix: 'Name the taint key to tolerate, or set `operator: Exists` to tolerate every taint.',
    });
  }
  if (tolerationSeconds !== undefined && tolerationSeconds !== null && effect !== 'NoExecute') {
    context.reject({
      path: [...path, 'effect'],
      type: 'Invalid value',
      detail: `${label} sets tolerationSeconds with effect \`${typeof effect === 'string' && effect !== '' ? effect : 'any'}\`: effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
      fix: 'Set `effect: NoExecute` (tolerationSeconds bounds how long the pod stays on a tainted node), or remove tolerationSeconds.',
    });
  }
  if (typeof value !== 'string') return;
  // The API server names the operator for both: it is the operator that decides what the value may be.
  if (exists && value !== '') {
    context.reject({
      path: [...path, 'operator'],
      type: 'Invalid value',
      detail: `${label} sets \`operator: Exists\` and value \`${value}\`: value must be empty when \`operator\` is 'Exists'`,
      fix: 'Remove the value (Exists matches the key whatever its value), or use `operator: Equal`.',
    });
  } else if (equal) {
    const problems = labelValueProblems(value);
    if (problems.length > 0) {
      context.reject({
        path: [...path, 'operator'],
        type: 'Invalid value',
        detail: `${label}'s value \`${value}\` is not a valid label value: ${joinProblems(problems)}`,
        fix: 'Write the taint value as the node carries it (63 characters at most: letters, digits, `-`, `_` and `.`).',
      });
    }
  }
}

/**
 * The matchExpressions of a label selector (ValidateLabelSelectorRequirement) or of a node selector term
 * (ValidateNodeSelectorRequirement): the same rules, but that a node term also takes `Gt` and `Lt` with one
 * value, and that values are label values except in preferred node terms.
 */
function checkMatchExpressions(
  context: ApiCheckContext,
  holder: unknown,
  path: JsonPath,
  what: string,
  kind: { nodeTerm: boolean; labelValues: boolean },
): void {
  const fields = objectOrUndefined(holder);
  if (fields === undefined) return;
  arrayOrEmpty(fields.matchExpressions).forEach((requirement, index) => {
    if (!isPlainObject(requirement)) return;
    const at = [...path, 'matchExpressions', index];
    const numeric = kind.nodeTerm ? ['Gt', 'Lt'] : [];
    checkRequirementValues(context, requirement, at, `${what}, matchExpressions ${index},`, ['In', 'NotIn'], ['Exists', 'DoesNotExist'], numeric);
    checkLabelKey(context, requirement.key, [...at, 'key'], `${what}: a matchExpressions key`);
    if (kind.labelValues) checkLabelValues(context, requirement, at);
  });
}

/** What a set-based requirement's values must be for its operator; an unknown operator is the schema's. */
function checkRequirementValues(
  context: ApiCheckContext,
  requirement: PlainObject,
  path: JsonPath,
  what: string,
  needValues: readonly string[],
  forbidValues: readonly string[],
  needOne: readonly string[] = [],
): void {
  const { operator, values } = requirement;
  if (typeof operator !== 'string' || (values !== undefined && values !== null && !Array.isArray(values))) return;
  const count = arrayOrEmpty(values).length;
  if (needValues.includes(operator) && count === 0) {
    context.reject({
      path: [...path, 'values'],
      type: 'Required value',
      detail: `${what} has operator ${operator} and no values: must be specified when \`operator\` is 'In' or 'NotIn'`,
      fix: `List the values to match, or use \`operator: ${operator === 'In' ? 'Exists' : 'DoesNotExist'}\`.`,
    });
  } else if (forbidValues.includes(operator) && count > 0) {
    context.reject({
      path: [...path, 'values'],
      target: 'key',
      type: 'Forbidden',
      detail: `${what} has operator ${operator} and values: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
      fix: `Remove the values (${operator} looks at the key only), or use \`operator: ${operator === 'Exists' ? 'In' : 'NotIn'}\`.`,
    });
  } else if (needOne.includes(operator) && count !== 1) {
    context.reject({
      path: [...path, 'values'],
      type: 'Required value',
      detail: `${what} has operator ${operator} and ${count} values: must be specified single value when \`operator\` is 'Lt' or 'Gt'`,
      fix: 'Give exactly one integer to compare with.',
    });
  }
}

/** Values a selector matches must be label values (where the API server checks them). */
function checkLabelValues(context: ApiCheckContext, requirement: PlainObject, path: JsonPath): void {
  arrayOrEmpty(requirement.values).forEach((value, index) => {
    if (typeof value !== 'string') return;
    const problems = labelValueProblems(value);
    if (problems.length === 0) return;
    context.reject({
      path: [...path, 'values', index],
      type: 'Invalid value',
      detail: `Selector value \`${value}\` is not a valid label value: ${joinProblems(problems)}`,
      fix: 'A label value has 63 characters at most: letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.',
    });
  });
}

function checkWeight(context: ApiCheckContext, term: PlainObject, path: JsonPath, what: string): void {
  const weight = term.weight;
  if (typeof weight !== 'number' || (weight >= MIN_WEIGHT && weight <= MAX_WEIGHT)) return;
  context.reject({
    path: [...path, 'weight'],
    type: 'Invalid value',
    detail: `${what} has weight ${weight}: must be in the range 1-100`,
    fix: 'Give a weight from 1 to 100: the scheduler adds the weights of the terms a node matches.',
  });
}

function checkNodeAffinity(context: ApiCheckContext, affinity: PlainObject, path: JsonPath): void {
  const required = objectOrUndefined(affinity.requiredDuringSchedulingIgnoredDuringExecution);
  if (required !== undefined) {
    const requiredPath = [...path, 'requiredDuringSchedulingIgnoredDuringExecution'];
    const terms = required.nodeSelectorTerms;
    if (terms !== undefined && terms !== null && !Array.isArray(terms)) return;
    if (arrayOrEmpty(terms).length === 0) {
      context.reject({
        path: [...requiredPath, 'nodeSelectorTerms'],
        type: 'Required value',
        detail: 'Required node affinity has no nodeSelectorTerms: must have at least one node selector term',
        fix: 'Add a term with `matchExpressions`, or remove the required node affinity.',
      });
    }
    arrayOrEmpty(terms).forEach((term, index) => {
      checkMatchExpressions(context, term, [...requiredPath, 'nodeSelectorTerms', index], `Required node affinity term ${index}`, { nodeTerm: true, labelValues: true });
    });
  }
  arrayOrEmpty(affinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
    if (!isPlainObject(term)) return;
    const termPath = [...path, 'preferredDuringSchedulingIgnoredDuringExecution', index];
    checkWeight(context, term, termPath, `Preferred node affinity term ${index}`);
    checkMatchExpressions(context, term.preference, [...termPath, 'preference'], `Preferred node affinity term ${index}`, { nodeTerm: true, labelValues: false });
  });
}

/** validatePodAffinityTerm: a selector, namespaces that are names, and a topology key. */
function checkPodAffinityTerm(context: ApiCheckContext, term: unknown, path: JsonPath, what: string): void {
  const fields = objectOrUndefined(term);
  if (fields === undefined) return;
  checkMatchExpressions(context, fields.labelSelector, [...path, 'labelSelector'], what, { nodeTerm: false, labelValues: true });
  const topologyKey = fields.topologyKey;
  // An absent topologyKey is the schema's (a required field).
  if (topologyKey === '') {
    context.reject({
      path: [...path, 'topologyKey'],
      type: 'Required value',
      detail: `${what} has no topologyKey: can not be empty`,
      fix: 'Name the node label that groups nodes, e.g. `kubernetes.io/hostname` (per node) or `topology.kubernetes.io/zone`.',
    });
  } else if (topologyKey !== undefined && topologyKey !== null) {
    checkLabelKey(context, topologyKey, [...path, 'topologyKey'], `${what}: topologyKey`);
  }
}

function checkPodAffinity(context: ApiCheckContext, affinity: PlainObject, path: JsonPath, kind: string): void {
  arrayOrEmpty(affinity.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
    checkPodAffinityTerm(context, term, [...path, 'requiredDuringSchedulingIgnoredDuringExecution', index], `Required ${kind} term ${index}`);
  });
  arrayOrEmpty(affinity.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
    if (!isPlainObject(term)) return;
    const termPath = [...path, 'preferredDuringSchedulingIgnoredDuringExecution', index];
    checkWeight(context, term, termPath, `Preferred ${kind} term ${index}`);
    checkPodAffinityTerm(context, term.podAffinityTerm, [...termPath, 'podAffinityTerm'], `Preferred ${kind} term ${index}`);
  });
}

/** One topology spread constraint; duplicates of (topologyKey, whenUnsatisfiable) name the earlier one. */
function checkSpreadConstraint(context: ApiCheckContext, constraint: PlainObject, path: JsonPath, index: number, later: readonly unknown[]): void {
  const { maxSkew, topologyKey, whenUnsatisfiable, minDomains } = constraint;
  const label = `Topology spread constraint ${index}`;
  if (typeof maxSkew === 'number' && maxSkew <= 0) {
    context.reject({
      path: [...path, 'maxSkew'],
      type: 'Invalid value',
      detail: `${label} has maxSkew ${maxSkew}: must be greater than zero`,
      fix: 'Use 1 for an even spread, or more to allow that much difference between domains.',
    });
  }
  if (topologyKey === '') {
    context.reject({ path: [...path, 'topologyKey'], type: 'Required value', detail: `${label} has an empty topologyKey: can not be empty`, fix: 'Name the node label to spread over, e.g. `topology.kubernetes.io/zone`.' });
  }
  // minDomains is read from 1.27 (MinDomainsInPodTopologySpread on by default); before, it is dropped.
  if (typeof minDomains === 'number' && context.atLeast(27)) {
    if (minDomains <= 0) {
      context.reject({ path: [...path, 'minDomains'], type: 'Invalid value', detail: `${label} has minDomains ${minDomains}: must be greater than 0`, fix: 'Use 1 or more, or remove it.' });
    } else if (typeof whenUnsatisfiable === 'string' && whenUnsatisfiable !== 'DoNotSchedule') {
      context.reject({
        path: [...path, 'minDomains'],
        type: 'Invalid value',
        detail: `${label} sets minDomains with whenUnsatisfiable ${whenUnsatisfiable}: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${whenUnsatisfiable}`,
        fix: 'Use `whenUnsatisfiable: DoNotSchedule`, or remove minDomains.',
      });
    }
  }
  if (typeof topologyKey !== 'string' || typeof whenUnsatisfiable !== 'string') return;
  const repeated = later.some((other) => isPlainObject(other) && other.topologyKey === topologyKey && other.whenUnsatisfiable === whenUnsatisfiable);
  if (repeated) {
    context.reject({
      path,
      type: 'Duplicate value',
      detail: `${label} and a later one both spread over \`${topologyKey}\` with ${whenUnsatisfiable}: the pair {topologyKey, whenUnsatisfiable} must be unique`,
      fix: 'Merge them into one constraint.',
    });
  }
}

/** validateSchedulingGates: each gate a qualified name, none twice; the API server names the gate itself. */
function checkSchedulingGates(context: ApiCheckContext, gates: unknown, path: JsonPath): void {
  const seen = new Set<string>();
  arrayOrEmpty(gates).forEach((gate, index) => {
    if (!isPlainObject(gate) || typeof gate.name !== 'string') return;
    const { name } = gate;
    const problems = qualifiedNameProblems(name);
    if (problems.length > 0) {
      context.reject({
        path: [...path, index],
        type: 'Invalid value',
        detail: `Scheduling gate \`${name}\` is not a qualified name: ${joinProblems(problems)}`,
        fix: 'Name the gate like a label key, e.g. `example.com/quota-check`.',
      });
    } else if (seen.has(name)) {
      context.reject({ path: [...path, index], type: 'Duplicate value', detail: `Scheduling gate \`${name}\` is listed twice`, fix: 'List each gate once.' });
    }
    seen.add(name);
  });
}

export const checkScheduling: ApiCheck = (context) => {
  const { pod } = context;
  const spec = pod.spec as PlainObject;
  const nodeSelector = objectOrUndefined(spec.nodeSelector);
  const selectorProblems = nodeSelector === undefined ? [] : labelsProblems(nodeSelector);
  if (selectorProblems.length > 0) {
    context.reject({
      path: [...pod.specPath, 'nodeSelector'],
      type: 'Invalid value',
      detail: `nodeSelector is not a valid set of labels: ${selectorProblems.join('; ')}`,
      fix: 'Write the node labels as the nodes carry them (`kubectl get nodes --show-labels`).',
    });
  }
  checkSchedulingGates(context, spec.schedulingGates, [...pod.specPath, 'schedulingGates']);
  arrayOrEmpty(spec.tolerations).forEach((toleration, index) => {
    if (isPlainObject(toleration)) checkToleration(context, toleration, [...pod.specPath, 'tolerations', index], index);
  });
  const constraints = arrayOrEmpty(spec.topologySpreadConstraints);
  constraints.forEach((constraint, index) => {
    if (isPlainObject(constraint)) {
      checkSpreadConstraint(context, constraint, [...pod.specPath, 'topologySpreadConstraints', index], index, constraints.slice(index + 1));
    }
  });
  const affinity = objectOrUndefined(spec.affinity);
  if (affinity === undefined) return;
  const affinityPath = [...pod.specPath, 'affinity'];
  const nodeAffinity = objectOrUndefined(affinity.nodeAffinity);
  if (nodeAffinity !== undefined) checkNodeAffinity(context, nodeAffinity, [...affinityPath, 'nodeAffinity']);
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const podAffinity = objectOrUndefined(affinity[kind]);
    if (podAffinity !== undefined) checkPodAffinity(context, podAffinity, [...affinityPath, kind], kind);
  }
};
