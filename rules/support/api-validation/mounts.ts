import type { VolumeDevice, VolumeMount } from 'kubernetes-types/core/v1.js';
import type { ContainerView, MountView, VolumeView } from '../../../src/kubernetes/pod.js';
import { getIn, type PlainObject, type Unchecked } from '../../../src/kubernetes/values.js';
import type { ApiCheck, ApiCheckContext } from './context.js';
import { hasBacksteps } from './formats.js';

/*
 * A container's volumeMounts and volumeDevices (ValidateVolumeMounts, ValidateVolumeDevices). Names that match
 * no volume, duplicate mount paths and subPath rules have rules of their own. Where the API server's field path
 * lacks the mount's index (`volumeMounts.mountPropagation`, `volumeMounts.recursiveReadOnly`), the finding points
 * at the mount's own field.
 */

const RECURSIVE_READ_ONLY = ['Disabled', 'IfPossible', 'Enabled'];

function containerLabel(container: ContainerView): string {
  return `container \`${container.name ?? '?'}\``;
}

/** Whether a declared volume can back a raw block device: a PVC, a generic ephemeral volume, a claim template. */
function isClaimVolume(volume: VolumeView): boolean {
  if (volume.claimTemplate) return true;
  const raw = volume.raw as PlainObject;
  return (raw.persistentVolumeClaim !== undefined && raw.persistentVolumeClaim !== null) || (raw.ephemeral !== undefined && raw.ephemeral !== null);
}

function checkMount(context: ApiCheckContext, container: ContainerView, mount: MountView, devices: MountView[]): void {
  const raw = mount.raw as Unchecked<VolumeMount>;
  // Words for a message, which most mounts never need.
  const where = () => `The mount of \`${mount.name ?? '?'}\` in ${containerLabel(container)}`;
  if (raw.name === '') {
    context.reject({ path: [...mount.path, 'name'], type: 'Required value', detail: `A volumeMount of ${containerLabel(container)} has an empty name` });
  }
  if (raw.mountPath === '') {
    context.reject({
      path: [...mount.path, 'mountPath'],
      type: 'Required value',
      detail: `${where()} has an empty mountPath`,
      fix: 'Say where in the container the volume appears, e.g. `/data`.',
    });
  }
  if (mount.name !== undefined && mount.name !== '' && devices.some((device) => device.name === mount.name)) {
    context.reject({
      path: [...mount.path, 'name'],
      type: 'Invalid value',
      detail: `${where()}: volume \`${mount.name}\` is also a volumeDevice of this container: "must not already exist in volumeDevices"`,
      fix: 'A volume is either mounted as a filesystem or attached as a raw block device, not both: keep one.',
    });
  }
  const mountPath = raw.mountPath;
  if (typeof mountPath === 'string' && mountPath !== '' && devices.some((device) => getIn(device.raw, ['devicePath']) === mountPath)) {
    context.reject({
      path: [...mount.path, 'mountPath'],
      type: 'Invalid value',
      detail: `${where()}: mountPath \`${mountPath}\` is also a devicePath of this container: "must not already exist as a path in volumeDevices"`,
      fix: 'Give the mount and the device different paths.',
    });
  }
  const propagation = raw.mountPropagation;
  if (propagation === 'Bidirectional' && getIn(container.raw, ['securityContext', 'privileged']) !== true) {
    context.reject({
      path: [...mount.path, 'mountPropagation'],
      type: 'Forbidden',
      detail: `${where()} sets mountPropagation Bidirectional: "Bidirectional mount propagation is available only to privileged containers"`,
      fix: 'Use `HostToContainer` if the container only needs to see mounts made on the host, or set `securityContext.privileged: true` if it must mount for others (a CSI node plugin).',
    });
  }
  checkRecursiveReadOnly(context, mount, raw, where);
}

/** recursiveReadOnly: from 1.31 (RecursiveReadOnlyMounts, beta and on by default); dropped before that. */
function checkRecursiveReadOnly(context: ApiCheckContext, mount: MountView, raw: Unchecked<VolumeMount>, where: () => string): void {
  const value = raw.recursiveReadOnly;
  if (typeof value !== 'string' || !context.atLeast(31)) return;
  const path = [...mount.path, 'recursiveReadOnly'];
  if (!RECURSIVE_READ_ONLY.includes(value)) {
    context.reject({
      path,
      type: 'Unsupported value',
      detail: `${where()}: recursiveReadOnly \`${value}\` (supported values: "Disabled", "Enabled", "IfPossible")`,
    });
    return;
  }
  if (value === 'Disabled') return;
  if (raw.readOnly !== true) {
    context.reject({
      path,
      type: 'Forbidden',
      detail: `${where()} sets recursiveReadOnly ${value} without readOnly: "may only be specified when readOnly is true"`,
      fix: 'Add `readOnly: true` to the mount.',
    });
  }
  const propagation = raw.mountPropagation;
  if (typeof propagation === 'string' && propagation !== 'None') {
    context.reject({
      path,
      type: 'Forbidden',
      detail: `${where()} sets recursiveReadOnly ${value} with mountPropagation ${propagation}: "may only be specified when mountPropagation is None or not specified"`,
      fix: 'Remove mountPropagation (or set it to `None`), or drop recursiveReadOnly.',
    });
  }
}

function checkDevices(context: ApiCheckContext, container: ContainerView, devices: MountView[], mounts: MountView[]): void {
  const names = new Set<string>();
  const paths = new Set<string>();
  for (const device of devices) {
    const raw = device.raw as Unchecked<VolumeDevice>;
    const where = `The volumeDevice \`${device.name ?? '?'}\` of ${containerLabel(container)}`;
    const namePath = [...device.path, 'name'];
    const devicePath = raw.devicePath;
    if (raw.name === '') {
      context.reject({ path: namePath, type: 'Required value', detail: `A volumeDevice of ${containerLabel(container)} has an empty name` });
    } else if (device.name !== undefined) {
      if (names.has(device.name)) {
        context.reject({ path: namePath, type: 'Invalid value', detail: `${where} is attached twice: "must be unique"`, fix: 'Remove one of them.' });
      }
      names.add(device.name);
      const volume = context.pod.volumes.find((candidate) => candidate.name === device.name);
      if (volume !== undefined && !isClaimVolume(volume)) {
        context.reject({
          path: namePath,
          type: 'Invalid value',
          detail: `${where} is not backed by a claim: "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"`,
          fix: 'Mount it with `volumeMounts` instead, or back it with a PVC (or ephemeral volume) whose volumeMode is Block.',
        });
      }
      if (mounts.some((mount) => mount.name === device.name)) {
        context.reject({
          path: namePath,
          type: 'Invalid value',
          detail: `${where}: the volume is also mounted by this container: "must not already exist in volumeMounts"`,
          fix: 'A volume is either mounted as a filesystem or attached as a raw block device, not both: keep one.',
        });
      }
    }
    if (typeof devicePath !== 'string') continue;
    const pathPath = [...device.path, 'devicePath'];
    if (devicePath === '') {
      context.reject({ path: pathPath, type: 'Required value', detail: `${where} has an empty devicePath`, fix: 'Name the device file, e.g. `/dev/xvda`.' });
      continue;
    }
    if (paths.has(devicePath)) {
      context.reject({ path: pathPath, type: 'Invalid value', detail: `${where}: devicePath \`${devicePath}\` is used twice: "must be unique"` });
    }
    if (hasBacksteps(devicePath)) {
      context.reject({
        path: pathPath,
        type: 'Invalid value',
        detail: `${where}: devicePath \`${devicePath}\`: "can not contain backsteps ('..')"`,
        fix: 'Write the device path without `..` elements.',
      });
    } else {
      paths.add(devicePath);
    }
    if (mounts.some((mount) => mount.mountPath === devicePath)) {
      context.reject({
        path: pathPath,
        type: 'Invalid value',
        detail: `${where}: devicePath \`${devicePath}\` is also a mountPath of this container: "must not already exist as a path in volumeMounts"`,
        fix: 'Give the mount and the device different paths.',
      });
    }
  }
}

export const checkMounts: ApiCheck = (context) => {
  for (const container of context.pod.containers) {
    const mounts = container.mounts.filter((mount) => !mount.device);
    const devices = container.mounts.filter((mount) => mount.device);
    for (const mount of mounts) checkMount(context, container, mount, devices);
    checkDevices(context, container, devices, mounts);
  }
};
