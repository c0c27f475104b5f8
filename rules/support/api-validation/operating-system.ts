import type { Container, PodSpec, WindowsSecurityContextOptions } from 'kubernetes-types/core/v1.js';
import { objectOrUndefined, type PlainObject, type Unchecked } from '../../../src/kubernetes/values.js';
import type { JsonPath } from '../../../src/yaml/json-path.js';
import type { ApiCheck, ApiCheckContext } from './context.js';

/*
 * validateOS, validateLinux, validateWindows and validateWindowsHostProcessPod of pkg/apis/core/validation: what a pod that
 * names its operating system (`os.name`, the IdentifyPodOS field) may not carry, and how Windows HostProcess
 * containers must come: all of them or none, on the host's network.
 */

type PodFields = Unchecked<PodSpec>;

export const checkOperatingSystem: ApiCheck = (context) => {
  const spec = context.pod.spec as PodFields;
  const podContext = objectOrUndefined(spec.securityContext);
  const podContextPath = [...context.pod.specPath, 'securityContext'];
  checkOsName(context, spec);
  checkOsFields(context, spec, podContext, podContextPath);
  checkHostProcess(context, spec, podContext);
};

/** Pod-level fields validateWindows forbids once `os.name: windows` is set (hostPID and hostIPC only when true). */
const WINDOWS_FORBIDDEN_POD_CONTEXT = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'fsGroup',
  'fsGroupChangePolicy',
  'runAsUser',
  'runAsGroup',
  'supplementalGroups',
  'supplementalGroupsPolicy',
  'seLinuxChangePolicy',
];
const WINDOWS_FORBIDDEN_CONTAINER_CONTEXT = [
  'appArmorProfile',
  'seLinuxOptions',
  'seccompProfile',
  'capabilities',
  'readOnlyRootFilesystem',
  'privileged',
  'allowPrivilegeEscalation',
  'procMount',
  'runAsUser',
  'runAsGroup',
];

/** validateOS: `linux` or `windows`, in lower case; the API server names `os` for another value. */
function checkOsName(context: ApiCheckContext, spec: PodFields): void {
  const os = objectOrUndefined(spec.os);
  if (os === undefined || typeof os.name !== 'string' || os.name === 'linux' || os.name === 'windows') return;
  const osPath = [...context.pod.specPath, 'os'];
  if (os.name === '') {
    context.reject({ path: [...osPath, 'name'], type: 'Required value', detail: '`os.name` is empty: cannot be empty', fix: 'Write `linux` or `windows`, or remove `os`.' });
    return;
  }
  context.reject({
    path: osPath,
    type: 'Unsupported value',
    detail: `\`os.name\` is \`${os.name}\`: supported values: "linux", "windows"`,
    fix: `Write \`${os.name.toLowerCase() === 'windows' ? 'windows' : 'linux'}\` in lower case.`,
  });
}

const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * `os.name` says which kernel the pod runs on: a Linux pod may not carry windowsOptions, and a Windows pod may
 * not carry the Linux-only fields. Without `os`, neither is checked.
 */
function checkOsFields(context: ApiCheckContext, spec: PodFields, podContext: PlainObject | undefined, podContextPath: JsonPath): void {
  const os = objectOrUndefined(spec.os)?.name;
  if (os !== 'linux' && os !== 'windows') return;
  const forbid = (path: JsonPath, what: string): void =>
    context.reject({
      path,
      target: 'key',
      type: 'Forbidden',
      detail:
        os === 'linux'
          ? `${what} sets windowsOptions in a pod with \`os.name: linux\`: windows options cannot be set for a linux pod`
          : `${what} sets \`${String(path[path.length - 1])}\` in a pod with \`os.name: windows\`: cannot be set for a windows pod`,
      fix: os === 'linux' ? 'Remove windowsOptions, or set `os.name: windows`.' : 'Remove the field (Windows has no such control), or fix `os.name`.',
    });
  if (os === 'linux') {
    if (isSet(podContext?.windowsOptions)) forbid([...podContextPath, 'windowsOptions'], 'The pod');
    for (const container of context.pod.containers) {
      const securityContext = objectOrUndefined((container.raw as Unchecked<Container>).securityContext);
      if (isSet(securityContext?.windowsOptions)) {
        forbid([...container.path, 'securityContext', 'windowsOptions'], `Container \`${container.name ?? '?'}\``);
      }
    }
    return;
  }
  if (podContext !== undefined) {
    for (const field of WINDOWS_FORBIDDEN_POD_CONTEXT) {
      if (isSet(podContext[field])) forbid([...podContextPath, field], 'The pod');
    }
    if (Array.isArray(podContext.sysctls) && podContext.sysctls.length > 0) forbid([...podContextPath, 'sysctls'], 'The pod');
  }
  const specPath = context.pod.specPath;
  if (isSet(spec.hostUsers)) forbid([...specPath, 'hostUsers'], 'The pod');
  if (spec.hostPID === true) forbid([...specPath, 'hostPID'], 'The pod');
  if (spec.hostIPC === true) forbid([...specPath, 'hostIPC'], 'The pod');
  if (isSet(spec.shareProcessNamespace)) forbid([...specPath, 'shareProcessNamespace'], 'The pod');
  for (const container of context.pod.containers) {
    const securityContext = objectOrUndefined((container.raw as Unchecked<Container>).securityContext);
    if (securityContext === undefined) continue;
    for (const field of WINDOWS_FORBIDDEN_CONTAINER_CONTEXT) {
      if (isSet(securityContext[field])) forbid([...container.path, 'securityContext', field], `Container \`${container.name ?? '?'}\``);
    }
  }
}

function hostProcessOf(securityContext: PlainObject | undefined): boolean | undefined {
  const options = objectOrUndefined(securityContext?.windowsOptions) as Unchecked<WindowsSecurityContextOptions> | undefined;
  return typeof options?.hostProcess === 'boolean' ? options.hostProcess : undefined;
}

/**
 * A HostProcess container runs as a process on the Windows node: the pod's and a container's `hostProcess` must
 * agree where both are set, every container of the pod must be one if any is, and the pod must use the host's
 * network. (Whether privileged pods are allowed at all is the cluster's --allow-privileged, not checked.)
 */
function checkHostProcess(context: ApiCheckContext, spec: PodFields, podContext: PlainObject | undefined): void {
  const podHostProcess = hostProcessOf(podContext);
  let hostProcessContainers = 0;
  for (const container of context.pod.containers) {
    const securityContext = objectOrUndefined((container.raw as Unchecked<Container>).securityContext);
    const own = hostProcessOf(securityContext);
    if (podHostProcess !== undefined && own !== undefined && own !== podHostProcess) {
      context.reject({
        path: [...container.path, 'securityContext', 'windowsOptions', 'hostProcess'],
        type: 'Invalid value',
        detail: `Container \`${container.name ?? '?'}\` sets hostProcess ${own} against the pod's ${podHostProcess}: pod hostProcess value must be identical if both are specified, was ${podHostProcess}`,
        fix: 'Set hostProcess on the pod only, or give every container the same value.',
      });
    }
    if (own ?? podHostProcess === true) hostProcessContainers += 1;
  }
  if (hostProcessContainers === 0) return;
  if (hostProcessContainers !== context.pod.containers.length) {
    context.reject({
      path: context.pod.specPath,
      type: 'Invalid value',
      detail: `${hostProcessContainers} of the pod's ${context.pod.containers.length} containers are Windows HostProcess containers: If pod contains any hostProcess containers then all containers must be HostProcess containers`,
      fix: 'Set `hostProcess: true` in the pod\'s securityContext.windowsOptions (it applies to every container), or run the others in a pod of their own.',
    });
  }
  if (spec.hostNetwork !== true) {
    context.reject({
      path: [...context.pod.specPath, 'hostNetwork'],
      type: 'Invalid value',
      detail: 'The pod has Windows HostProcess containers but not the host\'s network: hostNetwork must be true if pod contains any hostProcess containers',
      fix: 'Add `hostNetwork: true` to the pod spec.',
    });
  }
}
