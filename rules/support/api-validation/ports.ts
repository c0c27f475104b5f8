import type { Container, ContainerPort, PodSpec } from 'kubernetes-types/core/v1.js';
import type { ContainerView } from '../../../src/kubernetes/pod.js';
import { isPlainObject, type Unchecked } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import { PORT_RANGE_MESSAGE, integerOrUndefined, isPortNumber, joinProblems, portNameProblems, suggestedPortName } from './formats.js';

/*
 * validateContainerPorts, AccumulateUniqueHostPorts and validatePodHostNetworkDeps of pkg/apis/core/validation.
 * The same containerPort in two containers is accepted (they share the pod's network namespace, and only one can
 * bind it, but the API server does not check). Host ports collide when protocol, hostIP and port are equal: among
 * the regular containers taken together, and within each init container alone (init containers run one by one).
 */

interface PortEntry {
  container: ContainerView;
  path: JsonPath;
  port: Unchecked<ContainerPort>;
}

export const checkPorts: ApiCheck = (context) => {
  const hostNetwork = (context.pod.spec as Unchecked<PodSpec>).hostNetwork === true;
  const regularHostPorts = new Map<string, PortEntry>();
  for (const container of context.pod.containers) {
    const entries = portsOf(container);
    checkContainerPorts(context, container, entries);
    // Ephemeral containers may not have ports at all (reported with the container rules).
    if (container.list === 'ephemeralContainers') continue;
    const seen = container.list === 'containers' ? regularHostPorts : new Map<string, PortEntry>();
    checkHostPortConflicts(context, entries, seen, hostNetwork);
  }
  if (hostNetwork) checkHostNetworkPorts(context);
};

function portsOf(container: ContainerView): PortEntry[] {
  const ports = (container.raw as Unchecked<Container>).ports;
  if (!Array.isArray(ports)) return [];
  const entries: PortEntry[] = [];
  ports.forEach((port: unknown, index) => {
    if (isPlainObject(port)) entries.push({ container, path: [...container.path, 'ports', index], port });
  });
  return entries;
}

function checkContainerPorts(context: ApiCheckContext, container: ContainerView, entries: readonly PortEntry[]): void {
  const names = new Set<string>();
  const owner = `container \`${container.name ?? '?'}\``;
  for (const { path, port } of entries) {
    const name = port.name;
    if (typeof name === 'string' && name.length > 0) {
      const problems = portNameProblems(name);
      if (problems.length > 0) {
        const suggestion = suggestedPortName(name);
        context.reject({
          path: [...path, 'name'],
          type: 'Invalid value',
          detail: `Port name \`${name}\` of ${owner} is not a valid IANA service name: ${joinProblems(problems)}`,
          fix:
            'Use at most 15 lower-case letters, digits and single hyphens, with at least one letter' +
            (suggestion !== undefined && suggestion !== name ? `, such as \`${suggestion}\`.` : '.'),
        });
      } else if (names.has(name)) {
        context.reject({
          path: [...path, 'name'],
          type: 'Duplicate value',
          detail: `Port name \`${name}\` appears twice in ${owner}: port names must be unique within a container`,
          fix: 'Give each port its own name (Services and probes refer to ports by name).',
        });
      } else {
        names.add(name);
      }
    }

    const containerPort = integerOrUndefined(port.containerPort);
    if (containerPort === 0) {
      context.reject({
        path: [...path, 'containerPort'],
        type: 'Required value',
        detail: `A port of ${owner} has \`containerPort: 0\`, which is no port`,
        fix: 'Give the port number the container listens on.',
      });
    } else if (containerPort !== undefined && !isPortNumber(containerPort)) {
      context.reject({
        path: [...path, 'containerPort'],
        type: 'Invalid value',
        detail: `containerPort ${containerPort} of ${owner} ${PORT_RANGE_MESSAGE}`,
        fix: 'Use the port number the container listens on.',
      });
    }

    const hostPort = integerOrUndefined(port.hostPort);
    if (hostPort !== undefined && hostPort !== 0 && !isPortNumber(hostPort)) {
      context.reject({
        path: [...path, 'hostPort'],
        type: 'Invalid value',
        detail: `hostPort ${hostPort} of ${owner} ${PORT_RANGE_MESSAGE}`,
        fix: 'Use a port from 1 to 65535, or remove hostPort if the port need not be opened on the node.',
      });
    }
  }
}

/**
 * The host port a port entry takes: its hostPort, or under hostNetwork an unset one defaulted to the containerPort
 * (SetDefaults_Pod does that to every Pod, so also to the pods a workload's template makes).
 */
function effectiveHostPort(port: Unchecked<ContainerPort>, hostNetwork: boolean): { hostPort: number; defaulted: boolean } | undefined {
  const hostPort = port.hostPort === undefined || port.hostPort === null ? 0 : integerOrUndefined(port.hostPort);
  if (hostPort === undefined) return undefined;
  if (hostPort !== 0) return { hostPort, defaulted: false };
  const containerPort = integerOrUndefined(port.containerPort);
  return hostNetwork && containerPort !== undefined && containerPort !== 0 ? { hostPort: containerPort, defaulted: true } : undefined;
}

/** `TCP//8080` as the API server keys host ports: protocol (TCP by default), hostIP, port. */
function hostPortKey(port: Unchecked<ContainerPort>, hostPort: number): string | undefined {
  const protocol = port.protocol ?? 'TCP';
  const hostIP = port.hostIP ?? '';
  if (typeof protocol !== 'string' || typeof hostIP !== 'string') return undefined;
  return `${protocol}/${hostIP}/${hostPort}`;
}

function checkHostPortConflicts(context: ApiCheckContext, entries: readonly PortEntry[], seen: Map<string, PortEntry>, hostNetwork: boolean): void {
  for (const entry of entries) {
    const effective = effectiveHostPort(entry.port, hostNetwork);
    const key = effective === undefined ? undefined : hostPortKey(entry.port, effective.hostPort);
    if (effective === undefined || key === undefined) continue;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, entry);
      continue;
    }
    const [protocol = 'TCP', hostIP = ''] = key.split('/');
    const where =
      first.container === entry.container
        ? `twice in container \`${entry.container.name ?? '?'}\``
        : `in containers \`${first.container.name ?? '?'}\` and \`${entry.container.name ?? '?'}\``;
    const defaulted = effective.defaulted || effectiveHostPort(first.port, hostNetwork)?.defaulted === true;
    const consequence = defaultedConsequence(context, defaulted);
    context.reject({
      // A defaulted hostPort is not in the manifest: the finding lands on the port entry that lacks it.
      path: [...entry.path, 'hostPort'],
      type: 'Duplicate value',
      ...(consequence === undefined ? {} : { consequence }),
      detail: defaulted
        ? `Port ${effective.hostPort}/${protocol} is opened on the node ${where}: with hostNetwork every containerPort is also a hostPort, and one node port can be bound once`
        : `hostPort ${effective.hostPort}/${protocol}${hostIP === '' ? '' : ` on ${hostIP}`} is opened ${where}: one node port can be bound once`,
      fix: defaulted
        ? 'Give each container its own port (they share the node\'s network), or drop the port entry that only documents the other container\'s port.'
        : 'Use another hostPort, or remove the hostPort that is not needed (containers of a pod reach each other on localhost without one).',
    });
  }
}

/**
 * A template's own ports are not defaulted from 1.28 (only a Pod's are): the workload is accepted and the pods
 * made from it are refused. Before 1.28 the template was defaulted too, and is refused itself.
 */
function defaultedConsequence(context: ApiCheckContext, defaulted: boolean): string | undefined {
  const kind = context.pod.resource.object.kind;
  if (!defaulted || kind === 'Pod' || kind === 'StatefulSet' || !context.atLeast(28)) return undefined;
  return `the API server accepts the ${typeof kind === 'string' ? kind : 'object'} but rejects every pod made from it`;
}

/**
 * With `hostNetwork: true` a container port is a node port: a hostPort, when set, must be the containerPort. An
 * unset (0) hostPort is accepted: a Pod's is defaulted to the containerPort, a template's is left alone.
 */
function checkHostNetworkPorts(context: ApiCheckContext): void {
  for (const container of context.pod.containers) {
    if (container.list !== 'containers') continue;
    for (const { path, port } of portsOf(container)) {
      const hostPort = integerOrUndefined(port.hostPort);
      const containerPort = integerOrUndefined(port.containerPort);
      if (hostPort === undefined || containerPort === undefined || hostPort === 0 || hostPort === containerPort) continue;
      context.reject({
        path: [...path, 'hostPort'],
        type: 'Invalid value',
        detail: `hostPort ${hostPort} of container \`${container.name ?? '?'}\` differs from its containerPort ${containerPort}: must match \`containerPort\` when \`hostNetwork\` is true`,
        fix: `With the host's network there is no port mapping: set hostPort to ${containerPort} or remove it.`,
      });
    }
  }
}
