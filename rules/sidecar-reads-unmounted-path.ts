import { isUnder, joinPath, relativeTo, type NamedPath } from './support/command-paths.js';
import { namedPathsIn } from './support/container-strings.js';
import { mountPointsIn, type MountPoint, type PodMountPoints } from './support/mount-points.js';
import { emptyDirOf, type ContainerView, type VolumeView } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';

/**
 * Mount paths where a container keeps private scratch space (the defaults of `unshared-volume`, and the shared
 * memory of `/dev/shm`): every container has its own, so one naming `/tmp/x` beside another that mounts an
 * emptyDir at `/tmp` most likely means its own.
 */
const SCRATCH_PATHS: ReadonlySet<string> = new Set(['/tmp', '/var/tmp', '/run', '/var/run', '/dev/shm']);

/** What one path of one string runs into: the other container's mount of a volume this one does not see there. */
interface Hit {
  named: NamedPath;
  other: ContainerView;
  theirs: MountPoint;
  volume: VolumeView;
  /** This container's own mounts of that volume (none covers the path). */
  here: readonly MountPoint[];
}

/** Every container's mount points by where they are, each list in container order: built once per pod. */
type PointsByPlace = ReadonlyMap<string, readonly MountPoint[]>;

function pointsByPlace(containers: readonly ContainerView[], points: PodMountPoints): PointsByPlace {
  const byPlace = new Map<string, MountPoint[]>();
  for (const container of containers) {
    for (const point of points.of(container)) {
      const here = byPlace.get(point.at);
      if (here) here.push(point);
      else byPlace.set(point.at, [point]);
    }
  }
  return byPlace;
}

/**
 * Where a mount would have to be to cover `path` (`/a/b/c`, `/a/b`, `/a`), deepest first: what `isUnder(path, at)`
 * accepts for a normalised mount point other than `/`.
 */
function placesAbove(path: string): string[] {
  const places = [path];
  for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) places.push(path.slice(0, end));
  return places;
}

/**
 * Each other container's deepest mount point that covers `path` (within one container, that mount is what shows
 * there; of two at the same place, the first), looked up by place rather than by container, so the work is the
 * mounts that cover the path, not every mount of the pod.
 */
function deepestCoveringByContainer(byPlace: PointsByPlace, path: string): Map<ContainerView, MountPoint> {
  const deepest = new Map<ContainerView, MountPoint>();
  for (const place of placesAbove(path)) {
    for (const point of byPlace.get(place) ?? []) if (!deepest.has(point.container)) deepest.set(point.container, point);
  }
  return deepest;
}

function containerLabel(container: ContainerView): string {
  const name = `\`${container.name ?? '?'}\``;
  if (container.nativeSidecar) return `sidecar container ${name}`;
  if (container.list === 'initContainers') return `init container ${name}`;
  if (container.list === 'ephemeralContainers') return `ephemeral container ${name}`;
  return `container ${name}`;
}

/** Where in the volume a path under the other container's mount lies; undefined when its subPath is unknown. */
function placeInVolume(hit: Hit): string | undefined {
  if (hit.theirs.subPath === undefined) return undefined;
  return joinPath(hit.theirs.subPath, relativeTo(hit.named.path, hit.theirs.at));
}

/** The same file as this container sees it through one of its own mounts of the volume, if that mount shows it. */
function translated(hit: Hit, place: string | undefined): { point: MountPoint; path: string } | undefined {
  if (place === undefined) return undefined;
  for (const point of hit.here) {
    if (point.subPath === undefined || !isUnder(place, point.subPath)) continue;
    return { point, path: joinPath(point.at, relativeTo(place, point.subPath)) + hit.named.rest };
  }
  return undefined;
}

const code = (text: string) => `\`${text}\``;
const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/**
 * What every message says first: which paths, inside which volume the other container mounts where, and that
 * this container does not see it there. What follows is how to fix it, by how this container mounts the volume.
 */
const PROBLEM =
  "{{subject}} names {{paths}}, inside volume `{{volume}}` that {{other}} mounts at `{{at}}`{{theirSubPath}}, but no mount " +
  "of `{{self}}` covers {{thePaths}}: `{{self}}` sees its own image's files there, and nothing written on one side " +
  'reaches the other.';

type MessageId = 'notMounted' | 'mountedElsewhere' | 'mountedWithSubPathExpr' | 'mountedUnknownSubPath' | 'mountedOtherSubPath';

function findingFor(container: ContainerView, first: Hit, hits: readonly Hit[]): { messageId: MessageId; data: Record<string, string> } {
  const { other, theirs, volume } = first;
  const volumeName = volume.name ?? theirs.volume;
  const shown = hits.slice(0, 3).map((hit) => code(hit.named.text));
  const more = hits.length > 3 ? ` and ${hits.length - 3} more` : '';
  const data = {
    subject: capitalized(containerLabel(container)),
    paths: `${listed(shown)}${more}`,
    volume: volumeName,
    other: containerLabel(other),
    at: theirs.at,
    theirSubPath: theirs.subPathText !== undefined ? ` (${theirs.subPathText})` : '',
    withTheirSubPath: theirs.subPathText !== undefined ? ` with ${theirs.subPathText}` : '',
    self: container.name ?? '?',
    thePaths: hits.length === 1 ? 'that path' : 'those paths',
  };
  const [here] = first.here;
  if (here === undefined) return { messageId: 'notMounted', data };
  const translations = hits.map((hit) => translated(hit, placeInVolume(hit)));
  const firstTranslation = translations[0];
  if (firstTranslation) {
    const uses = translations.flatMap((translation) => (translation ? [code(translation.path)] : []));
    return { messageId: 'mountedElsewhere', data: { ...data, here: firstTranslation.point.at, uses: listed(uses.slice(0, 3)) } };
  }
  if (here.subPath === undefined || theirs.subPath === undefined) {
    // A subPathExpr is expanded only when the pod runs; an invalid subPath is another rule's finding.
    const expr = [here, theirs].some((point) => point.subPathText?.startsWith('subPathExpr') === true);
    return { messageId: expr ? 'mountedWithSubPathExpr' : 'mountedUnknownSubPath', data: { ...data, here: here.at } };
  }
  return {
    messageId: 'mountedOtherSubPath',
    data: { ...data, here: here.at, hereSubPath: here.subPathText ?? 'a subPath', place: placeInVolume(first) ?? '' },
  };
}

const rule: PodSpecRule = {
  meta: {
    id: 'sidecar-reads-unmounted-path',
    level: 'warning',
    summary: 'A container names a path under another container\'s volume mount that it does not mount itself.',
    tags: ['kubernetes', 'volumes', 'sidecar'],
    precision: 'medium',
    messages: {
      notMounted:
        `${PROBLEM} Mount volume \`{{volume}}\` in \`{{self}}\` at \`{{at}}\`{{withTheirSubPath}} (read-only if it only ` +
        'reads it), or point the path at a mount it has.',
      mountedElsewhere: `${PROBLEM} Mounted here at \`{{here}}\`: use {{uses}}.`,
      mountedWithSubPathExpr:
        `${PROBLEM} Mounted here at \`{{here}}\`; a subPathExpr decides which directory of the volume each side sees: ` +
        'name the file under `{{here}}`.',
      mountedUnknownSubPath: `${PROBLEM} Mounted here at \`{{here}}\`: name the file under \`{{here}}\`.`,
      mountedOtherSubPath:
        `${PROBLEM} Mounted here at \`{{here}}\` with {{hereSubPath}}, which does not show \`{{place}}\`: mount the ` +
        'volume without that subPath, or also at `{{at}}`{{withTheirSubPath}}.',
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, report }) {
    // With a container list or a mount too broken to read, the mount that covers a path may be the unreadable one.
    if (!pod.mountsReadable || pod.containers.length < 2) return;
    // A path can only run into another container's mount: with fewer than two containers that mount anything,
    // at most one container has others' mounts to look at, and its strings need not be read.
    const points = mountPointsIn(pod);
    const mounting = pod.containers.filter((container) => points.of(container).length > 0);
    if (mounting.length === 0) return;
    const volumes = new Map<string, VolumeView>();
    for (const volume of pod.volumes) if (volume.name !== undefined && !volumes.has(volume.name)) volumes.set(volume.name, volume);
    const byPlace = pointsByPlace(pod.containers, points);
    const order = new Map(pod.containers.map((container, index) => [container, index] as const));
    const namedPaths = namedPathsIn(pod);

    for (const container of pod.containers) {
      if (mounting.length === 1 && mounting[0] === container) continue;
      const own = points.of(container);
      for (const string of namedPaths.of(container)) {
        const hits = new Map<string, Hit[]>();
        for (const named of string.named) {
          // Any mount of this container at or above the path: it sees something there, maybe by design.
          if (own.some((point) => isUnder(named.path, point.at))) continue;
          const hit = hitFor(named, container, points, byPlace, order, volumes);
          if (!hit) continue;
          const key = `${hit.volume.name ?? ''}\u0000${order.get(hit.other) ?? -1}`;
          const group = hits.get(key);
          if (group) group.push(hit);
          else hits.set(key, [hit]);
        }
        for (const group of hits.values()) {
          const [first] = group;
          if (!first) continue;
          report({
            path: string.path,
            ...findingFor(container, first, group),
            related: [{
              path: [...first.theirs.mount.path, 'mountPath'],
              message: `${capitalized(containerLabel(first.other))} mounts volume ${code(first.theirs.volume)} here.`,
            }],
          });
        }
      }
    }
  },
};

function hitFor(
  named: NamedPath,
  container: ContainerView,
  points: PodMountPoints,
  byPlace: PointsByPlace,
  order: ReadonlyMap<ContainerView, number>,
  volumes: ReadonlyMap<string, VolumeView>,
): Hit | undefined {
  let best: Hit | undefined;
  for (const [other, theirs] of deepestCoveringByContainer(byPlace, named.path)) {
    if (other === container) continue;
    const volume = volumes.get(theirs.volume);
    // A mount of an undeclared volume is another rule's finding.
    if (!volume) continue;
    const here = points.ofVolume(container, theirs.volume);
    // Not mounted here at all: only an emptyDir is judged. Its files exist only because a container of the pod
    // wrote them, so no image carries them; a configMap, secret, claim or host directory at the same path
    // may well be a file this container's image ships (a CA bundle, a default config).
    if (here.length === 0 && (!emptyDirOf(volume) || SCRATCH_PATHS.has(theirs.at))) continue;
    const hit: Hit = { named, other, theirs, volume, here };
    if (!best || better(hit, best, order)) best = hit;
  }
  return best;
}

/**
 * A volume this container mounts elsewhere says most; then the deeper, more specific mount; then the container that
 * comes first in the pod (the candidates come by place, not in the pod's order).
 */
function better(hit: Hit, than: Hit, order: ReadonlyMap<ContainerView, number>): boolean {
  const mountedHere = Number(hit.here.length > 0) - Number(than.here.length > 0);
  if (mountedHere !== 0) return mountedHere > 0;
  if (hit.theirs.at.length !== than.theirs.at.length) return hit.theirs.at.length > than.theirs.at.length;
  return (order.get(hit.other) ?? 0) < (order.get(than.other) ?? 0);
}

export default rule;
