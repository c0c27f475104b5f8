import type { Container, HTTPGetAction, Lifecycle, PodSpec, Probe } from 'kubernetes-types/core/v1.js';
import type { ContainerView } from '../../../src/kubernetes/pod.js';
import { isPlainObject, type PlainObject, type Unchecked } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import {
  PORT_RANGE_MESSAGE,
  httpHeaderNameProblems,
  integerOrUndefined,
  isPortNumber,
  joinProblems,
  portNameProblems,
} from './formats.js';

/*
 * validateProbe, validateHandler and validateLifecycle of pkg/apis/core/validation: a probe or lifecycle hook names
 * exactly one handler, with a usable port or command; probe numbers are not negative; liveness and startup probes
 * succeed on the first success; sleep hooks fit in the pod's termination grace period. Zero timeouts, periods and
 * thresholds are not reported: defaulting (10s period, 1s timeout, 3 failures, 1 success) replaces them first.
 */

type HandlerKind = 'exec' | 'httpGet' | 'tcpSocket' | 'grpc' | 'sleep';

/** In the order validateHandler reads them: every one after the first is the one it forbids. */
const PROBE_HANDLERS: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS: readonly HandlerKind[] = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';
const PROBES: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const NON_NEGATIVE_FIELDS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'failureThreshold'] as const;

/** The pod's default terminationGracePeriodSeconds, which a sleep hook must fit in. */
const DEFAULT_GRACE_PERIOD = 30;

export const checkProbes: ApiCheck = (context) => {
  const gracePeriod = podGracePeriod(context.pod.spec as Unchecked<PodSpec>);
  for (const container of context.pod.containers) {
    if (!hasProbesValidated(container, context)) continue;
    const raw = container.raw as Unchecked<Container>;
    for (const kind of PROBES) {
      const probe = raw[kind];
      if (isPlainObject(probe)) checkProbe(context, container, kind, probe, [...container.path, kind]);
    }
    const lifecycle = raw.lifecycle;
    if (isPlainObject(lifecycle)) {
      for (const hook of ['postStart', 'preStop'] as const) {
        const handler = (lifecycle as Unchecked<Lifecycle>)[hook];
        if (!isPlainObject(handler)) continue;
        checkHandler(context, container, handler, LIFECYCLE_HANDLERS, [...container.path, 'lifecycle', hook], gracePeriod);
      }
    }
  }
};

/**
 * Regular containers and native sidecars get their probes and hooks validated; on other init containers and on
 * ephemeral containers they are forbidden outright, a rejection reported with the container rules. Before 1.29
 * the SidecarContainers gate is off and an init container's `restartPolicy: Always` is dropped.
 */
function hasProbesValidated(container: ContainerView, context: ApiCheckContext): boolean {
  if (container.list === 'containers') return true;
  return container.nativeSidecar && context.atLeast(29);
}

/** Undefined when the pod's own value is unusable (schema-validation's) or negative (the API server treats it apart). */
function podGracePeriod(spec: Unchecked<PodSpec>): number | undefined {
  const value = spec.terminationGracePeriodSeconds;
  if (value === undefined || value === null) return DEFAULT_GRACE_PERIOD;
  const period = integerOrUndefined(value);
  return period !== undefined && period >= 0 ? period : undefined;
}

function checkProbe(context: ApiCheckContext, container: ContainerView, kind: ProbeKind, probe: PlainObject, path: JsonPath): void {
  const fields = probe as Unchecked<Probe>;
  const label = `The ${kind} of container \`${container.name ?? '?'}\``;
  checkHandler(context, container, probe, PROBE_HANDLERS, path, undefined);

  for (const field of NON_NEGATIVE_FIELDS) {
    const value = integerOrUndefined(fields[field]);
    if (value === undefined || value >= 0) continue;
    context.reject({
      path: [...path, field],
      type: 'Invalid value',
      detail: `${label} sets \`${field}: ${value}\`, which must be greater than or equal to 0`,
      fix: `Use 0 or a positive number${field === 'initialDelaySeconds' ? '' : ' (0 takes the default)'}.`,
    });
  }

  const success = integerOrUndefined(fields.successThreshold);
  if (success !== undefined) {
    const problems: string[] = [];
    if (success < 0) problems.push('must be greater than or equal to 0');
    // 0 is defaulted to 1 before validation.
    if (kind !== 'readinessProbe' && success !== 0 && success !== 1) problems.push('must be 1');
    if (problems.length > 0) {
      context.reject({
        path: [...path, 'successThreshold'],
        type: 'Invalid value',
        detail: `${label} sets \`successThreshold: ${success}\`, which ${joinProblems(problems)}`,
        fix:
          kind === 'readinessProbe'
            ? 'Use a positive number.'
            : `A ${kind} succeeds on its first success: remove the field or set it to 1 (failureThreshold is the one that tolerates flakes).`,
      });
    }
  }

  // The ProbeTerminationGracePeriod gate is on by default from 1.25; before, the field is dropped.
  if (!context.atLeast(25) || !('terminationGracePeriodSeconds' in fields)) return;
  const grace = fields.terminationGracePeriodSeconds;
  if (grace === null || grace === undefined) return;
  if (kind === 'readinessProbe') {
    context.reject({
      path: [...path, 'terminationGracePeriodSeconds'],
      type: 'Invalid value',
      detail: `${label} sets terminationGracePeriodSeconds, which must not be set for readinessProbes (a failing readiness probe never kills the container)`,
      fix: 'Remove it, or set it on the livenessProbe or startupProbe if that is what it was meant for.',
    });
    return;
  }
  const seconds = integerOrUndefined(grace);
  if (seconds !== undefined && seconds <= 0) {
    context.reject({
      path: [...path, 'terminationGracePeriodSeconds'],
      type: 'Invalid value',
      detail: `${label} sets \`terminationGracePeriodSeconds: ${seconds}\`, which must be greater than 0`,
      fix: 'Use a positive number of seconds, or remove it to use the pod\'s terminationGracePeriodSeconds.',
    });
  }
}

/** What `hook` or `probe` this handler belongs to, for messages. */
function handlerLabel(container: ContainerView, path: JsonPath): string {
  const last = path[path.length - 1];
  const owner = last === 'postStart' || last === 'preStop' ? `lifecycle.${last}` : String(last);
  return `The ${owner} of container \`${container.name ?? '?'}\``;
}

function checkHandler(
  context: ApiCheckContext,
  container: ContainerView,
  handler: PlainObject,
  kinds: readonly HandlerKind[],
  path: JsonPath,
  gracePeriod: number | undefined,
): void {
  const label = handlerLabel(container, path);
  // A handler of the wrong type (a string, a list) is schema-validation's: counting around it would guess.
  if (kinds.some((kind) => handler[kind] !== undefined && handler[kind] !== null && !isPlainObject(handler[kind]))) return;
  // Before 1.30 the PodLifecycleSleepAction gate is off and the API server drops `sleep` before validating.
  const sleepDropped = !context.atLeast(30);
  const present = kinds.filter((kind) => isPlainObject(handler[kind]) && !(kind === 'sleep' && sleepDropped));

  if (present.length === 0) {
    const droppedSleep = sleepDropped && isPlainObject(handler.sleep);
    context.reject({
      path,
      type: 'Required value',
      detail: droppedSleep
        ? `${label} has only a \`sleep\` handler, which Kubernetes before 1.30 drops (the PodLifecycleSleepAction gate is off), leaving it with none: must specify a handler type`
        : `${label} must specify a handler type: it has none of ${kinds.map((kind) => `\`${kind}\``).join(', ')}`,
      fix: droppedSleep
        ? 'Use an `exec` handler running `sleep`, or target Kubernetes 1.30 or later.'
        : `Add exactly one, e.g. \`${kinds === PROBE_HANDLERS ? 'httpGet: {path: /healthz, port: 8080}' : 'exec: {command: ["/bin/sh", "-c", "sleep 5"]}'}\`.`,
    });
    return;
  }
  const [chosen, ...extra] = present;
  for (const kind of extra) {
    context.reject({
      path: [...path, kind],
      target: 'key',
      type: 'Forbidden',
      detail: `${label} has both \`${chosen}\` and \`${kind}\`: may not specify more than 1 handler type`,
      fix: 'Keep one handler and remove the others.',
    });
  }
  if (chosen === undefined) return;
  const action = handler[chosen] as PlainObject;
  const actionPath = [...path, chosen];
  switch (chosen) {
    case 'exec':
      checkExec(context, label, action, actionPath);
      break;
    case 'httpGet':
      checkPort(context, label, action.port, [...actionPath, 'port'], 'httpGet');
      checkHeaders(context, label, action as Unchecked<HTTPGetAction>, actionPath);
      break;
    case 'tcpSocket':
      checkPort(context, label, action.port, [...actionPath, 'port'], 'tcpSocket');
      break;
    case 'grpc':
      checkPort(context, label, action.port, [...actionPath, 'port'], 'grpc');
      break;
    case 'sleep':
      checkSleep(context, label, action, actionPath, gracePeriod);
      break;
  }
}

function checkExec(context: ApiCheckContext, label: string, exec: PlainObject, path: JsonPath): void {
  const command = exec.command;
  // A list, or nothing at all: anything else (a string) is the schema's to report.
  if (command !== undefined && command !== null && !Array.isArray(command)) return;
  if (Array.isArray(command) && command.length > 0) return;
  context.reject({
    path: [...path, 'command'],
    type: 'Required value',
    detail: `${label} has an \`exec\` handler with no command`,
    fix: 'Give `command` as a list, e.g. `command: ["cat", "/tmp/healthy"]`.',
  });
}

/**
 * A probe port: a number from 1 to 65535, or the name of a container port (an IANA service name). A quoted
 * `"8080"` is a name to the API server, and no name has no letter.
 */
function checkPort(context: ApiCheckContext, label: string, port: unknown, path: JsonPath, kind: HandlerKind): void {
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || isPortNumber(port)) return;
    context.reject({
      path,
      type: 'Invalid value',
      detail: `${label} probes port ${port}, which ${PORT_RANGE_MESSAGE}`,
      fix: 'Use the port the container listens on.',
    });
    return;
  }
  if (typeof port !== 'string' || kind === 'grpc') return;
  const problems = portNameProblems(port);
  if (problems.length === 0) return;
  const numeric = /^\d+$/.test(port);
  context.reject({
    path,
    type: 'Invalid value',
    detail: numeric
      ? `${label} gives its port as the string "${port}", which the API server reads as a port name, and a port name must contain at least one letter (a-z)`
      : `${label} names port \`${port}\`, which is not a valid port name: ${joinProblems(problems)}`,
    fix: numeric
      ? `Write the number unquoted: \`port: ${port}\`.`
      : 'Use the number, or the `name` of one of the container\'s ports (at most 15 lower-case letters, digits and single hyphens).',
  });
}

function checkHeaders(context: ApiCheckContext, label: string, httpGet: Unchecked<HTTPGetAction>, path: JsonPath): void {
  if (!Array.isArray(httpGet.httpHeaders)) return;
  const bad = httpGet.httpHeaders
    .map((header: unknown) => (isPlainObject(header) ? header.name : undefined))
    .filter((name): name is string => typeof name === 'string' && httpHeaderNameProblems(name).length > 0);
  if (bad.length === 0) return;
  context.reject({
    path: [...path, 'httpHeaders'],
    type: 'Invalid value',
    detail: `${label} sends ${bad.map((name) => `"${name}"`).join(', ')} as HTTP header name${bad.length > 1 ? 's' : ''}: a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name')`,
    fix: 'Write header names with letters, digits and hyphens only (the value goes in `value`).',
  });
}

/**
 * A sleep hook must end within the pod's termination grace period. Zero seconds is allowed from 1.33
 * (PodLifecycleSleepActionAllowZero on by default); before, it must be positive.
 */
function checkSleep(context: ApiCheckContext, label: string, sleep: PlainObject, path: JsonPath, gracePeriod: number | undefined): void {
  // Left out (or null), `seconds` is Go's zero: 0 seconds (the schema does not require it, as the API server does not).
  const seconds = sleep.seconds === undefined || sleep.seconds === null ? 0 : integerOrUndefined(sleep.seconds);
  if (seconds === undefined || gracePeriod === undefined) return;
  const allowZero = context.atLeast(33);
  const tooSmall = allowZero ? seconds < 0 : seconds <= 0;
  if (!tooSmall && seconds <= gracePeriod) return;
  const bound = allowZero ? 'must be non-negative' : 'must be greater than 0';
  context.reject({
    path,
    type: 'Invalid value',
    detail: `${label} sleeps ${seconds} seconds, which ${bound} and less than terminationGracePeriodSeconds (${gracePeriod})`,
    fix:
      seconds > gracePeriod
        ? `Sleep at most ${gracePeriod} seconds, or raise the pod's terminationGracePeriodSeconds above ${seconds}.`
        : allowZero
          ? 'Use 0 or more seconds.'
          : 'Use at least 1 second (Kubernetes 1.33 and later also accept 0).',
  });
}
