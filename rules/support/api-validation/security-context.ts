import type {
  AppArmorProfile,
  Container,
  PodSecurityContext,
  PodSpec,
  SeccompProfile,
  SecurityContext,
} from 'kubernetes-types/core/v1.js';
import type { ContainerView } from '../../../src/kubernetes/pod.js';
import { isPlainObject, objectOrUndefined, type Unchecked } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import { ID_RANGE_MESSAGE, integerOrUndefined, isValidId, joinProblems, localDescendingPathProblems } from './formats.js';

/*
 * ValidateSecurityContext, validatePodSpecSecurityContext, validateSysctls and validateHostUsers of
 * pkg/apis/core/validation (what `os.name` forbids is in operating-system.ts). Enum values (seccomp and AppArmor types, procMount) are the
 * schema's. `privileged: true` itself depends on the cluster's --allow-privileged and is not reported.
 * In the v1 API hostNetwork, hostPID, hostIPC, hostUsers and shareProcessNamespace sit in the pod spec, not in its
 * securityContext where the internal type keeps them: findings point at the field as written.
 */

type PodFields = Unchecked<PodSpec>;

export const checkSecurityContext: ApiCheck = (context) => {
  const spec = context.pod.spec as PodFields;
  const podContext = objectOrUndefined(spec.securityContext);
  const podContextPath = [...context.pod.specPath, 'securityContext'];
  if (podContext !== undefined) checkPodSecurityContext(context, spec, podContext as Unchecked<PodSecurityContext>, podContextPath);
  checkHostNamespaces(context, spec);
  for (const container of context.pod.containers) {
    const securityContext = objectOrUndefined((container.raw as Unchecked<Container>).securityContext);
    if (securityContext !== undefined) {
      checkContainerSecurityContext(context, spec, container, securityContext as Unchecked<SecurityContext>, [...container.path, 'securityContext']);
    }
  }
};

function checkId(context: ApiCheckContext, value: unknown, path: JsonPath, what: string): void {
  const id = integerOrUndefined(value);
  if (id === undefined || isValidId(id)) return;
  context.reject({
    path,
    type: 'Invalid value',
    detail: `${what} is ${id}, which ${ID_RANGE_MESSAGE}`,
    fix: id < 0 ? 'Use a non-negative id (0 is root; images often use 65532 or 1000 for a non-root user).' : 'Use an id below 2^31.',
  });
}

function checkPodSecurityContext(context: ApiCheckContext, spec: PodFields, podContext: Unchecked<PodSecurityContext>, path: JsonPath): void {
  checkId(context, podContext.runAsUser, [...path, 'runAsUser'], "The pod's runAsUser");
  checkId(context, podContext.runAsGroup, [...path, 'runAsGroup'], "The pod's runAsGroup");
  checkId(context, podContext.fsGroup, [...path, 'fsGroup'], "The pod's fsGroup");
  if (Array.isArray(podContext.supplementalGroups)) {
    podContext.supplementalGroups.forEach((group: unknown, index) =>
      checkId(context, group, [...path, 'supplementalGroups', index], 'A supplemental group of the pod'),
    );
  }
  if (Array.isArray(podContext.sysctls)) checkSysctls(context, spec, podContext.sysctls, [...path, 'sysctls']);
  checkSeccompProfile(context, podContext.seccompProfile, [...path, 'seccompProfile'], 'the pod');
  if (context.atLeast(30)) checkAppArmorProfile(context, podContext.appArmorProfile, [...path, 'appArmorProfile'], 'the pod');
}

/** shareProcessNamespace with hostPID; hostNetwork, hostPID or hostIPC with a user namespace (hostUsers: false). */
function checkHostNamespaces(context: ApiCheckContext, spec: PodFields): void {
  const specPath = context.pod.specPath;
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    context.reject({
      path: [...specPath, 'shareProcessNamespace'],
      type: 'Invalid value',
      detail: 'The pod sets both shareProcessNamespace and hostPID: ShareProcessNamespace and HostPID cannot both be enabled',
      fix: "Drop one: with hostPID the containers already see every process of the node.",
    });
  }
  // UserNamespacesSupport is on by default from 1.33; before, the API server drops hostUsers unread.
  if (spec.hostUsers !== false || !context.atLeast(33)) return;
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (spec[field] !== true) continue;
    context.reject({
      path: [...specPath, field],
      type: 'Forbidden',
      detail: `The pod sets ${field} with \`hostUsers: false\`: a pod in its own user namespace may not share the host's ${field === 'hostNetwork' ? 'network' : field.slice(4)} namespace (forbidden when \`pod.Spec.HostUsers\` is false)`,
      fix: `Remove \`${field}: true\`, or remove \`hostUsers: false\`.`,
    });
  }
}

/** component-helpers' sysctl namespaces: which sysctls belong to the network and IPC namespaces. */
function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  // A name written with slashes (`net/ipv4/ip_forward`) is read with dots.
  const slash = name.indexOf('/');
  const dot = name.indexOf('.');
  const slashFirst = slash !== -1 && (dot === -1 || slash < dot);
  const dotted = slashFirst ? name.replace(/[./]/g, (separator) => (separator === '/' ? '.' : '/')) : name;
  if (dotted.startsWith('net.')) return 'net';
  if (dotted === 'kernel.sem' || dotted.startsWith('kernel.shm') || dotted.startsWith('kernel.msg') || dotted.startsWith('fs.mqueue.')) return 'ipc';
  return undefined;
}

const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

function checkSysctls(context: ApiCheckContext, spec: PodFields, sysctls: readonly unknown[], path: JsonPath): void {
  const seen = new Set<string>();
  sysctls.forEach((sysctl, index) => {
    if (!isPlainObject(sysctl) || typeof sysctl.name !== 'string') return;
    const name = sysctl.name;
    const namePath = [...path, index, 'name'];
    if (name === '') {
      context.reject({ path: namePath, type: 'Required value', detail: 'A sysctl of the pod has an empty name', fix: 'Name the kernel parameter, e.g. `net.ipv4.ip_local_port_range`.' });
    } else if (name.length > 253 || !SYSCTL_NAME.test(name)) {
      context.reject({
        path: namePath,
        type: 'Invalid value',
        detail: `Sysctl name \`${name}\` is not valid: must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`,
        fix: 'Write the parameter as sysctl does, lower case with dots, e.g. `net.core.somaxconn`.',
      });
    } else if (seen.has(name)) {
      context.reject({ path: namePath, type: 'Duplicate value', detail: `Sysctl \`${name}\` is set twice`, fix: 'Keep one entry.' });
    }
    seen.add(name);
    const namespace = sysctlNamespace(name);
    const shared = namespace === 'net' && spec.hostNetwork === true ? 'hostNetwork' : namespace === 'ipc' && spec.hostIPC === true ? 'hostIPC' : undefined;
    if (shared !== undefined) {
      context.reject({
        path: namePath,
        type: 'Invalid value',
        detail: `Sysctl \`${name}\` belongs to the ${namespace === 'net' ? 'network' : 'IPC'} namespace, which this pod shares with the node: may not be specified when '${shared}' is true`,
        fix: `Set it on the node instead, or drop \`${shared}: true\`.`,
      });
    }
  });
}

function checkSeccompProfile(context: ApiCheckContext, value: unknown, path: JsonPath, owner: string): void {
  if (!isPlainObject(value)) return;
  const profile = value as Unchecked<SeccompProfile>;
  const type = profile.type;
  const localhost = profile.localhostProfile;
  if (typeof type !== 'string') return;
  if (type === 'Localhost') {
    if (localhost === undefined || localhost === null) {
      context.reject({
        path: [...path, 'localhostProfile'],
        type: 'Required value',
        detail: `The seccompProfile of ${owner} is of type Localhost with no localhostProfile: must be set when seccomp type is Localhost`,
        fix: 'Name the profile file, relative to the kubelet\'s seccomp directory, e.g. `localhostProfile: profiles/audit.json`.',
      });
    } else if (typeof localhost === 'string') {
      const problems = localDescendingPathProblems(localhost);
      if (problems.length > 0) {
        context.reject({
          path: [...path, 'localhostProfile'],
          type: 'Invalid value',
          detail: `The seccomp localhostProfile \`${localhost}\` of ${owner} ${joinProblems(problems)}`,
          fix: 'Give the path relative to the kubelet\'s seccomp directory (<kubelet root>/seccomp), without `..`.',
        });
      }
    }
  } else if (localhost !== undefined && localhost !== null) {
    context.reject({
      path: [...path, 'localhostProfile'],
      type: 'Invalid value',
      detail: `The seccompProfile of ${owner} is of type ${type} and names a localhostProfile: can only be set when seccomp type is Localhost`,
      fix: 'Remove localhostProfile, or set `type: Localhost`.',
    });
  }
}

function checkAppArmorProfile(context: ApiCheckContext, value: unknown, path: JsonPath, owner: string): void {
  if (!isPlainObject(value)) return;
  const profile = value as Unchecked<AppArmorProfile>;
  const type = profile.type;
  const localhost = profile.localhostProfile;
  if (typeof type !== 'string') return;
  const localhostPath = [...path, 'localhostProfile'];
  if (type === 'Localhost') {
    if (localhost === undefined || localhost === null || localhost === '') {
      context.reject({
        path: localhostPath,
        type: 'Required value',
        detail: `The appArmorProfile of ${owner} is of type Localhost with no localhostProfile: must be set when AppArmor type is Localhost`,
        fix: 'Name the profile loaded on the node, e.g. `localhostProfile: k8s-apparmor-example-deny-write`.',
      });
    } else if (typeof localhost === 'string') {
      if (localhost.trim() !== localhost) {
        context.reject({
          path: localhostPath,
          type: 'Invalid value',
          detail: `The AppArmor localhostProfile "${localhost}" of ${owner} must not be padded with whitespace`,
          fix: `Write \`${localhost.trim()}\`.`,
        });
      }
      if (localhost.length > 4095) {
        context.reject({
          path: localhostPath,
          type: 'Too long',
          detail: `The AppArmor localhostProfile of ${owner} is ${localhost.length} characters long: may not be more than 4095 bytes`,
          fix: 'Use the profile\'s name.',
        });
      }
    }
  } else if ((type === 'RuntimeDefault' || type === 'Unconfined') && localhost !== undefined && localhost !== null) {
    context.reject({
      path: localhostPath,
      type: 'Invalid value',
      detail: `The appArmorProfile of ${owner} is of type ${type} and names a localhostProfile: can only be set when AppArmor type is Localhost`,
      fix: 'Remove localhostProfile, or set `type: Localhost`.',
    });
  }
}

function checkContainerSecurityContext(
  context: ApiCheckContext,
  spec: PodFields,
  container: ContainerView,
  securityContext: Unchecked<SecurityContext>,
  path: JsonPath,
): void {
  const owner = `container \`${container.name ?? '?'}\``;
  const subject = `Container \`${container.name ?? '?'}\``;
  checkId(context, securityContext.runAsUser, [...path, 'runAsUser'], `runAsUser of ${owner}`);
  checkId(context, securityContext.runAsGroup, [...path, 'runAsGroup'], `runAsGroup of ${owner}`);

  // ProcMountType is on by default from 1.33; before, the API server drops procMount unread.
  if (securityContext.procMount === 'Unmasked' && spec.hostUsers !== false && context.atLeast(33)) {
    context.reject({
      path: [...path, 'procMount'],
      type: 'Invalid value',
      detail: `${subject} asks for an Unmasked /proc outside a user namespace: \`hostUsers\` must be false to use \`Unmasked\``,
      fix: 'Set `hostUsers: false` in the pod spec, or remove `procMount: Unmasked`.',
    });
  }
  checkSeccompProfile(context, securityContext.seccompProfile, [...path, 'seccompProfile'], owner);

  if (securityContext.allowPrivilegeEscalation === false) {
    if (securityContext.privileged === true) {
      context.reject({
        path,
        type: 'Invalid value',
        detail: `${subject} is privileged and sets allowPrivilegeEscalation to false: cannot set \`allowPrivilegeEscalation\` to false and \`privileged\` to true`,
        fix: 'A privileged container always can escalate: drop `privileged: true`, or drop `allowPrivilegeEscalation: false`.',
      });
    }
    const capabilities = objectOrUndefined(securityContext.capabilities);
    if (capabilities !== undefined && Array.isArray(capabilities.add) && capabilities.add.includes('CAP_SYS_ADMIN')) {
      context.reject({
        path,
        type: 'Invalid value',
        detail: `${subject} adds CAP_SYS_ADMIN and sets allowPrivilegeEscalation to false: cannot set \`allowPrivilegeEscalation\` to false and \`capabilities.Add\` CAP_SYS_ADMIN`,
        fix: 'CAP_SYS_ADMIN allows escalation anyway: drop it if the container can do without, or drop `allowPrivilegeEscalation: false`.',
      });
    }
  }
  // The appArmorProfile fields arrive in 1.30; before, the API server does not know them.
  if (context.atLeast(30)) checkAppArmorProfile(context, securityContext.appArmorProfile, [...path, 'appArmorProfile'], owner);
}
