import { describe, expect, it } from 'vitest';
import { mountPointsIn, type PodMountPoints } from '../rules/support/mount-points.js';
import { isUnder } from '../rules/support/command-paths.js';
import { podViewsOf, type ContainerView } from '../src/kubernetes/pod.js';
import { resourcesOf } from '../src/kubernetes/resources.js';

/** The mount points of a Pod whose one container has these mounts (and devices), and that container. */
function containerWith(volumeMounts: unknown[], volumeDevices: unknown[] = []): { points: PodMountPoints; container: ContainerView } {
  const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'app', volumeMounts, volumeDevices }] } };
  const [resource] = resourcesOf(object);
  const [pod] = resource ? podViewsOf(resource) : [];
  const [container] = pod?.containers ?? [];
  if (!pod || !container) throw new Error('no container');
  return { points: mountPointsIn(pod), container };
}

describe('mount points: where a container mounts volumes, as the path rules compare them', () => {
  it('normalises mount and sub paths, and keeps how the subPath was written for messages', () => {
    const { points, container } = containerWith([
      { name: 'logs', mountPath: '/var//log/app/' },
      { name: 'data', mountPath: '/srv/./data', subPath: 'a/./b/', readOnly: true },
      { name: 'data', mountPath: '/srv/pods', subPathExpr: '$(POD_NAME)' },
      { name: 'data', mountPath: '/srv/out', subPath: '../x' },
    ]);
    expect(points.of(container).map(({ at, volume, readOnly, subPath, subPathText }) => ({ at, volume, readOnly, subPath, subPathText }))).toEqual([
      { at: '/var/log/app', volume: 'logs', readOnly: false, subPath: '', subPathText: undefined },
      { at: '/srv/data', volume: 'data', readOnly: true, subPath: 'a/b', subPathText: 'subPath `a/./b/`' },
      { at: '/srv/pods', volume: 'data', readOnly: false, subPath: undefined, subPathText: 'subPathExpr `$(POD_NAME)`' },
      { at: '/srv/out', volume: 'data', readOnly: false, subPath: undefined, subPathText: 'subPath `../x`' },
    ]);
    expect(points.ofVolume(container, 'data').map((point) => point.at)).toEqual(['/srv/data', '/srv/pods', '/srv/out']);
    expect(points.ofVolume(container, 'none')).toEqual([]);
  });

  it('leaves out what no path can be compared with: devices, relative paths, `/`, mounts without a name or path', () => {
    const { points, container } = containerWith(
      [{ name: 'a', mountPath: 'relative' }, { name: 'b', mountPath: '/' }, { mountPath: '/x' }, { name: 'c' }, { name: 'd', mountPath: '/../..' }],
      [{ name: 'e', devicePath: '/dev/xvda' }],
    );
    expect(points.of(container)).toEqual([]);
  });

  it('finds the points at or under a path as a scan with isUnder would, in mount order', () => {
    const places = ['/data/b', '/data', '/database', '/data/a/x', '/dat', '/data/a', '/data', '/other', '/data-x', '/data/'];
    const { points, container } = containerWith(places.map((mountPath, index) => ({ name: `v${index}`, mountPath })));
    for (const base of ['/data', '/data/a', '/dat', '/', '/nothing', '/data/a/x', '/database', '/data/b']) {
      const scanned = points.of(container).filter((point) => isUnder(point.at, base));
      expect(points.under(container, base)).toEqual(scanned);
    }
  });

  it('works a container out once: the same points each time it is asked, for the same pod', () => {
    const { points, container } = containerWith([{ name: 'logs', mountPath: '/logs' }]);
    expect(points.of(container)).toBe(points.of(container));
  });
});
