import type {
  Container,
  PersistentVolumeClaim,
  PodSpec,
  Volume,
  VolumeDevice,
  VolumeMount,
} from 'kubernetes-types/core/v1.js';
import { injectedVolumeMounts } from './injected-mounts.js';
import type { JsonPath } from '../yaml/json-path.js';
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
import { podSpecLocationsOf, type CustomPodSpecLocation, type PodSpecLocation, type WorkloadKind } from './workloads.js';

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
  /** As written, or, where the kind's controller names a nameless container (Knative), the name it gives. */
  name: string | undefined;
  /** As written, or, where the kind's controller fills it in (a DeploymentConfig's ImageChange trigger), that. */
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
  /** The kind that holds the pod spec, with its API group: a built-in workload or a custom resource. */
  workload: WorkloadKind;
  specPath: JsonPath;
  spec: Unchecked<PodSpec>;
  containers: ContainerView[];
  volumes: VolumeView[];
  /** The pod's metadata as written (the template's, for a workload), if it is a mapping. */
  metadata: PlainObject | undefined;
  /** Annotations of the pod (of the template, for a workload); only string values are kept. */
  annotations: ReadonlyMap<string, string>;
  annotationsPath: JsonPath;
  /** Volumes that sidecars injected at admission mount, by annotation (src/kubernetes/injected-mounts.ts). */
  injectedMounts: ReadonlySet<string>;
  /**
   * Whether every declared volume could be read with its name. When not (a list given as a string, a volume
   * with no name), any mount might have meant the unreadable one: rules about declarations skip the pod.
   */
  volumesReadable: boolean;
  /** Whether every container list, container and mount could be read, each mount with its name. */
  mountsReadable: boolean;
}

/** Tracks whether a list and all its entries were read whole; a view built from a partial read says so. */
class Readability {
  readable = true;

  /** The entries of a list; `null` or an absent list is an empty one, anything else is unreadable. */
  entries(value: unknown): readonly unknown[] {
    if (value !== undefined && value !== null && !Array.isArray(value)) this.readable = false;
    return arrayOrEmpty(value);
  }

  /** The entry if it is a mapping (and, given `named`, has a usable name), else marks the read partial. */
  mapping(item: unknown, named?: (entry: PlainObject) => unknown): item is PlainObject {
    const ok = isPlainObject(item) && (named === undefined || nameOf(named(item)) !== undefined);
    if (!ok) this.readable = false;
    return isPlainObject(item);
  }
}

/**
 * Every pod spec of an object, read into views: none for a kind that runs no pods, several for a custom
 * resource whose pod specs sit in a list (a JobSet's replicated jobs). `extraLocations` are the config's.
 */
export function podViewsOf(resource: Resource, extraLocations: readonly CustomPodSpecLocation[] = []): PodView[] {
  return podSpecLocationsOf(resource.object, extraLocations).flatMap((location) => {
    const view = podViewAt(resource, location);
    return view ? [view] : [];
  });
}

function podViewAt(resource: Resource, location: PodSpecLocation): PodView | undefined {
  const spec = getIn(resource.object, location.spec);
  if (!isPlainObject(spec)) return undefined;
  const { workload } = location;
  const specPath = [...resource.path, ...location.spec];
  const volumeReading = new Readability();
  const mountReading = new Readability();
  const volumes = volumesOf(spec.volumes, [...specPath, 'volumes'], false, volumeReading);
  if (workload.group === 'apps' && workload.kind === 'StatefulSet') {
    const claimsPath = [...resource.path, 'spec', 'volumeClaimTemplates'];
    volumes.push(...volumesOf(getIn(resource.object, ['spec', 'volumeClaimTemplates']), claimsPath, true, volumeReading));
  }
  const metadata = objectOrUndefined(getIn(resource.object, location.metadata));
  const annotations = stringEntries(metadata?.annotations);
  const containers = CONTAINER_LISTS.flatMap((list) => containersOf(spec, list, specPath, mountReading));
  if (workload.defaultContainerNames) nameDefaultedContainers(containers, workload.defaultContainerNames);
  if (workload.triggeredImages) fillTriggeredImages(containers, workload.triggeredImages(resource.object));
  return {
    resource,
    workload,
    specPath,
    spec,
    containers,
    volumes,
    metadata,
    annotations,
    injectedMounts: injectedVolumeMounts(annotations, containers),
    annotationsPath: [...resource.path, ...location.metadata, 'annotations'],
    volumesReadable: volumeReading.readable,
    mountsReadable: mountReading.readable,
  };
}

/**
 * Gives nameless containers the names their kind's controller gives them (Knative's `user-container`), so
 * that rules and messages speak of the containers the pod will have; the `name` path still points at the
 * container that lacks one.
 */
function nameDefaultedContainers(containers: ContainerView[], namer: NonNullable<WorkloadKind['defaultContainerNames']>): void {
  const taken = new Set(containers.flatMap((container) => (container.name === undefined ? [] : [container.name])));
  for (const list of ['initContainers', 'containers'] as const) {
    const inList = containers.filter((container) => container.list === list);
    const names = namer(list, inList.map((container) => container.name), taken);
    inList.forEach((container, index) => {
      container.name = names[index];
    });
  }
}

/**
 * Gives a regular container written without an image the one its kind's controller fills in (a
 * DeploymentConfig's ImageChange trigger), in `image` and in `raw`, as OpenShift's own validation does: the
 * pod will have an image. Paths still point at what is written.
 */
function fillTriggeredImages(containers: ContainerView[], images: ReadonlyMap<string, string>): void {
  for (const container of containers) {
    const image = container.raw.image;
    if (container.list !== 'containers' || container.name === undefined || (image !== undefined && image !== null && image !== '')) continue;
    const filled = images.get(container.name);
    if (filled === undefined) continue;
    container.image = filled;
    container.raw = { ...container.raw, image: filled };
  }
}

function containersOf(spec: PlainObject, list: ContainerList, specPath: JsonPath, reading: Readability): ContainerView[] {
  const views: ContainerView[] = [];
  reading.entries(spec[list]).forEach((item, index) => {
    if (!reading.mapping(item)) return;
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
      mounts: mountsOf(item, path, reading),
      raw: item,
    });
  });
  return views;
}

/** A container's volumeMounts, then its volumeDevices (which most containers do not have). */
function mountsOf(container: PlainObject, path: JsonPath, reading: Readability): MountView[] {
  const views: MountView[] = [];
  for (const field of ['volumeMounts', 'volumeDevices'] as const) {
    const value = container[field];
    // Absent, as volumeDevices nearly always is: nothing to read, and no path to build.
    if (value === undefined) continue;
    const device = field === 'volumeDevices';
    const listPath = [...path, field];
    reading.entries(value).forEach((item, index) => {
      if (!reading.mapping(item, mountName)) return;
      views.push({
        path: [...listPath, index],
        name: nameOf(item.name),
        mountPath: device ? undefined : stringOrUndefined(item.mountPath),
        readOnly: !device && item.readOnly === true,
        device,
        raw: item,
      });
    });
  }
  return views;
}

const mountName = (mount: PlainObject): unknown => mount.name;

function volumesOf(value: unknown, path: JsonPath, claimTemplate: boolean, reading: Readability): VolumeView[] {
  const views: VolumeView[] = [];
  const nameIn = (entry: PlainObject) => (claimTemplate ? objectOrUndefined(entry.metadata)?.name : entry.name);
  reading.entries(value).forEach((item, index) => {
    if (!reading.mapping(item, nameIn)) return;
    views.push({ path: [...path, index], name: nameOf(nameIn(item)), claimTemplate, raw: item });
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

/**
 * The containers that mount each declared volume name, each container once. A container that reads an env
 * file from a volume (`env[].valueFrom.fileKeyRef.volumeName`, Kubernetes 1.34+) uses it without a mount: the
 * kubelet reads the file for it, so it counts too. Worked out once per pod: four rules ask for it.
 */
export function mountersByVolume(pod: PodView): ReadonlyMap<string, readonly ContainerView[]> {
  let mounters = mountersCache.get(pod);
  if (mounters === undefined) {
    mounters = mountersOf(pod.containers);
    mountersCache.set(pod, mounters);
  }
  return mounters;
}

const mountersCache = new WeakMap<PodView, ReadonlyMap<string, readonly ContainerView[]>>();

function mountersOf(containers: readonly ContainerView[]): Map<string, ContainerView[]> {
  const mounters = new Map<string, ContainerView[]>();
  const add = (name: string | undefined, container: ContainerView) => {
    if (name === undefined) return;
    const list = mounters.get(name);
    if (list === undefined) mounters.set(name, [container]);
    // A container is added in one go, so if it is in the list already it is the last one.
    else if (list[list.length - 1] !== container) list.push(container);
  };
  for (const container of containers) {
    for (const mount of container.mounts) add(mount.name, container);
    const env = container.raw.env;
    if (!Array.isArray(env)) continue;
    for (const entry of env as unknown[]) {
      const fileKeyRef = isPlainObject(entry) ? getIn(entry, ['valueFrom', 'fileKeyRef']) : undefined;
      if (isPlainObject(fileKeyRef)) add(nameOf(fileKeyRef.volumeName), container);
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

/**
 * What becomes of an object whose pod spec Kubernetes' pod validation refuses, for messages: the API server
 * refuses a built-in workload when it is applied (a StatefulSet's pods only, see workloads.ts); a custom
 * resource is accepted against its CRD, and the refusal comes when its controller makes pods of it.
 */
export function rejectionOf(pod: PodView): string {
  const { workload } = pod;
  if (workload.rejection !== undefined) return workload.rejection;
  return workload.builtIn
    ? `the API server rejects the ${workload.kind}`
    : `the API server rejects the pods made from this ${workload.kind}, so none of them runs`;
}
