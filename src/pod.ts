import type {
  Container,
  PersistentVolumeClaim,
  PodSpec,
  Volume,
  VolumeDevice,
  VolumeMount,
} from 'kubernetes-types/core/v1.js';
import type { JsonPath } from './json-path.js';
import type { Resource } from './resources.js';
import {
  arrayOrEmpty,
  getIn,
  isPlainObject,
  nameOf,
  objectOrUndefined,
  stringOrUndefined,
  type PlainObject,
  type Unchecked,
} from './values.js';
import { podSpecLocationOf } from './workloads.js';

/** The three lists a pod keeps containers in, in the order Kubernetes starts them. */
export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';
const CONTAINER_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** A volumeMount, or a volumeDevice (a raw block device): both tie a container to a declared volume. */
export interface MountView {
  /** Paths here are absolute within the document, ready to report. */
  path: JsonPath;
  name: string | undefined;
  /** Absent for a volumeDevice, which has a devicePath instead. */
  mountPath: string | undefined;
  readOnly: boolean;
  device: boolean;
  raw: Unchecked<VolumeMount> | Unchecked<VolumeDevice>;
}

export interface ContainerView {
  path: JsonPath;
  list: ContainerList;
  /** Position within its own list. */
  index: number;
  name: string | undefined;
  image: string | undefined;
  /** An init container with `restartPolicy: Always`: it starts before and runs beside the regular ones. */
  nativeSidecar: boolean;
  /** Regular containers and native sidecars: the ones alive while the pod serves. */
  running: boolean;
  mounts: MountView[];
  raw: Unchecked<Container>;
}

export interface VolumeView {
  path: JsonPath;
  name: string | undefined;
  /** A StatefulSet's volumeClaimTemplates entry rather than a `spec.volumes` entry. */
  claimTemplate: boolean;
  raw: Unchecked<Volume> | Unchecked<PersistentVolumeClaim>;
}

/** One pod spec, read once into shapes every rule can trust, whatever the YAML held. */
export interface PodView {
  resource: Resource;
  specPath: JsonPath;
  spec: Unchecked<PodSpec>;
  containers: ContainerView[];
  volumes: VolumeView[];
  /** Annotations of the pod (of the template, for a workload); only string values are kept. */
  annotations: ReadonlyMap<string, string>;
  annotationsPath: JsonPath;
}

export function podViewOf(resource: Resource): PodView | undefined {
  const location = podSpecLocationOf(resource.object.kind);
  if (!location) return undefined;
  const spec = getIn(resource.object, location.spec);
  if (!isPlainObject(spec)) return undefined;
  const specPath = [...resource.path, ...location.spec];
  const annotationsPath = [...resource.path, ...location.metadata, 'annotations'];
  return {
    resource,
    specPath,
    spec,
    containers: CONTAINER_LISTS.flatMap((list) => containersOf(spec, list, specPath)),
    volumes: [
      ...volumesOf(spec.volumes, [...specPath, 'volumes'], false),
      ...(resource.object.kind === 'StatefulSet'
        ? volumesOf(getIn(resource.object, ['spec', 'volumeClaimTemplates']), [
            ...resource.path,
            'spec',
            'volumeClaimTemplates',
          ], true)
        : []),
    ],
    annotations: stringEntries(getIn(resource.object, [...location.metadata, 'annotations'])),
    annotationsPath,
  };
}

function containersOf(spec: PlainObject, list: ContainerList, specPath: JsonPath): ContainerView[] {
  const views: ContainerView[] = [];
  arrayOrEmpty(spec[list]).forEach((item, index) => {
    if (!isPlainObject(item)) return;
    const path = [...specPath, list, index];
    const nativeSidecar = list === 'initContainers' && item.restartPolicy === 'Always';
    views.push({
      path,
      list,
      index,
      name: nameOf(item.name),
      image: stringOrUndefined(item.image),
      nativeSidecar,
      running: list === 'containers' || nativeSidecar,
      mounts: [
        ...mountsOf(item.volumeMounts, [...path, 'volumeMounts'], false),
        ...mountsOf(item.volumeDevices, [...path, 'volumeDevices'], true),
      ],
      raw: item,
    });
  });
  return views;
}

function mountsOf(value: unknown, path: JsonPath, device: boolean): MountView[] {
  const views: MountView[] = [];
  arrayOrEmpty(value).forEach((item, index) => {
    if (!isPlainObject(item)) return;
    views.push({
      path: [...path, index],
      name: nameOf(item.name),
      mountPath: device ? undefined : stringOrUndefined(item.mountPath),
      readOnly: !device && item.readOnly === true,
      device,
      raw: item,
    });
  });
  return views;
}

function volumesOf(value: unknown, path: JsonPath, claimTemplate: boolean): VolumeView[] {
  const views: VolumeView[] = [];
  arrayOrEmpty(value).forEach((item, index) => {
    if (!isPlainObject(item)) return;
    const name = claimTemplate ? nameOf(objectOrUndefined(item.metadata)?.name) : nameOf(item.name);
    views.push({
      path: [...path, index],
      name,
      claimTemplate,
      raw: item,
    });
  });
  return views;
}

function stringEntries(value: unknown): ReadonlyMap<string, string> {
  const entries = new Map<string, string>();
  if (isPlainObject(value)) {
    for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') entries.set(key, entry);
  }
  return entries;
}

/** The containers that mount each declared volume name, each container once. */
export function mountersByVolume(pod: PodView): ReadonlyMap<string, ContainerView[]> {
  const mounters = new Map<string, ContainerView[]>();
  for (const container of pod.containers) {
    for (const mount of container.mounts) {
      if (mount.name === undefined) continue;
      const list = mounters.get(mount.name) ?? [];
      if (!list.includes(container)) list.push(container);
      mounters.set(mount.name, list);
    }
  }
  return mounters;
}

/** The name value of a volume: claim templates keep it under metadata. */
export function volumeNamePath(volume: VolumeView): JsonPath {
  return volume.claimTemplate ? [...volume.path, 'metadata', 'name'] : [...volume.path, 'name'];
}

/**
 * The `emptyDir` of a declared volume, or undefined when it is not one. `emptyDir:` with no value is read as
 * one too: that is what its author meant, and the schema check reports the null.
 */
export function emptyDirOf(volume: VolumeView): PlainObject | undefined {
  if (volume.claimTemplate || !('emptyDir' in volume.raw)) return undefined;
  return objectOrUndefined((volume.raw as Unchecked<Volume>).emptyDir) ?? {};
}
