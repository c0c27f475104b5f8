import type { ContainerView, MountView, PodView } from '../../src/kubernetes/pod.js';
import { stringOrUndefined } from '../../src/kubernetes/values.js';
import { normalizeAbsolute, normalizeRelative } from './command-paths.js';

/*
 * Where a container mounts volumes, as the path rules compare them with the paths containers name
 * (sidecar-reads-unmounted-path, unshared-volume). Worked out once per container and kept while the pod view
 * lives: both rules ask for every container's points, and unshared-volume asks again for each volume.
 */

/** A volume mount as seen from the container: where, which volume, and which part of the volume. */
export interface MountPoint {
  container: ContainerView;
  mount: MountView;
  /** Normalised absolute mountPath (`/var/log/app/` is `/var/log/app`), never `/`. */
  at: string;
  volume: string;
  readOnly: boolean;
  /** Normalised subPath (`''` for the whole volume); undefined when it cannot be known (subPathExpr, invalid). */
  subPath: string | undefined;
  /** How the mount was written, for messages: `subPath \`logs\`` or `subPathExpr \`$(POD_NAME)\``. */
  subPathText: string | undefined;
}

interface ContainerPoints {
  all: readonly MountPoint[];
  byVolume: ReadonlyMap<string, readonly MountPoint[]>;
  /** Positions in `all`, sorted by `at`: the points at or under a path are found by binary search. Built on first use. */
  sorted?: readonly number[];
}

/** The mount points of a pod's containers, each container's worked out when first asked for. */
export interface PodMountPoints {
  /** The container's mount points, in the order its mounts are written. */
  of(container: ContainerView): readonly MountPoint[];
  /** The container's mount points of one volume, in the order its mounts are written. */
  ofVolume(container: ContainerView, volume: string): readonly MountPoint[];
  /**
   * The container's points at or under `base` (normalised), in mount order: what filtering `of` with
   * `isUnder(point.at, base)` gives, by binary search rather than a scan of every mount.
   */
  under(container: ContainerView, base: string): readonly MountPoint[];
}

/*
 * Kept by pod rather than by container: a WeakMap entry costs about a microsecond to add (ten times a Map's), and a
 * pod has one where its containers would have one each.
 */
const cache = new WeakMap<PodView, PodMountPoints>();

/** The mount points of the pod's containers, shared by every rule that asks while the pod view lives. */
export function mountPointsIn(pod: PodView): PodMountPoints {
  let points = cache.get(pod);
  if (points === undefined) {
    points = new MountPointIndex();
    cache.set(pod, points);
  }
  return points;
}

class MountPointIndex implements PodMountPoints {
  private readonly containers = new Map<ContainerView, ContainerPoints>();

  of(container: ContainerView): readonly MountPoint[] {
    return this.pointsOf(container).all;
  }

  ofVolume(container: ContainerView, volume: string): readonly MountPoint[] {
    return this.pointsOf(container).byVolume.get(volume) ?? [];
  }

  under(container: ContainerView, base: string): readonly MountPoint[] {
    const points = this.pointsOf(container);
    const { all } = points;
    if (base === '/' || base === '') return all;
    points.sorted ??= all.map((_, index) => index).sort((a, b) => compareText(all[a]?.at ?? '', all[b]?.at ?? '') || a - b);
    const { sorted } = points;
    const firstAtOrAfter = (key: string) => {
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (compareText(all[sorted[middle] ?? 0]?.at ?? '', key) < 0) low = middle + 1;
        else high = middle;
      }
      return low;
    };
    // Strings equal to `base` and strings starting with `base/` each lie in one run of the sorted order.
    const found: number[] = [];
    for (const prefix of [base, `${base}/`]) {
      for (let at = firstAtOrAfter(prefix); at < sorted.length; at++) {
        const index = sorted[at] ?? 0;
        const point = all[index];
        if (!point || !(prefix === base ? point.at === base : point.at.startsWith(prefix))) break;
        found.push(index);
      }
    }
    return found.sort((a, b) => a - b).flatMap((index) => all[index] ?? []);
  }

  private pointsOf(container: ContainerView): ContainerPoints {
    let points = this.containers.get(container);
    if (points === undefined) {
      points = containerPoints(container);
      this.containers.set(container, points);
    }
    return points;
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function containerPoints(container: ContainerView): ContainerPoints {
  const all: MountPoint[] = [];
  const byVolume = new Map<string, MountPoint[]>();
  for (const mount of container.mounts) {
    const point = pointOf(container, mount);
    if (point === undefined) continue;
    all.push(point);
    const points = byVolume.get(point.volume);
    if (points) points.push(point);
    else byVolume.set(point.volume, [point]);
  }
  return { all, byVolume };
}

/**
 * A raw device, a mount without a name or mountPath, and a relative mountPath or one at `/` (no runtime accepts
 * either) show nothing a path can be compared with: no point.
 */
function pointOf(container: ContainerView, mount: MountView): MountPoint | undefined {
  if (mount.device || mount.name === undefined || mount.mountPath === undefined) return undefined;
  const at = normalizeAbsolute(mount.mountPath);
  if (at === undefined || at === '/') return undefined;
  const subPathValue = 'subPath' in mount.raw ? mount.raw.subPath : undefined;
  const subPathExpr = stringOrUndefined('subPathExpr' in mount.raw ? mount.raw.subPathExpr : undefined);
  let subPath: string | undefined = '';
  let subPathText: string | undefined;
  if (subPathExpr !== undefined && subPathExpr !== '') {
    subPath = undefined;
    subPathText = `subPathExpr \`${subPathExpr}\``;
  } else if (typeof subPathValue === 'string' && subPathValue !== '') {
    subPath = normalizeRelative(subPathValue);
    subPathText = `subPath \`${subPathValue}\``;
  }
  return { container, mount, at, volume: mount.name, readOnly: mount.readOnly, subPath, subPathText };
}
