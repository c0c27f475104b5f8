import { isUnder, normalizeAbsolute } from './support/command-paths.js';
import { editDistance } from '../src/engine/closest-name.js';
import { imageRepository, looksLikeSidecar } from './support/sidecars.js';
import { allInjectedMounts, NO_CONFIGURED_INJECTIONS, INJECTION_OPTIONS_SCHEMA, type InjectionOptions } from '../src/kubernetes/injected-mounts.js';
import { emptyDirOf, mountersByVolume, volumeNamePath, type ContainerView, type PodView, type VolumeView } from '../src/kubernetes/pod.js';
import type { PodSpecRule, RelatedReport } from '../src/engine/rule.js';
import { namedPathsIn, type PodNamedPaths } from './support/container-strings.js';
import { mountPointsIn, type MountPoint, type PodMountPoints } from './support/mount-points.js';

/*
 * An emptyDir is reported only on evidence that it was meant to carry data from one container to another and
 * the other side never mounts it. One container's own volume is the common case and is never reported: most
 * emptyDirs in multi-container pods are a program's private cache, key store or working directory.
 */

interface Options extends InjectionOptions {
  /** Mount paths where a container keeps private scratch space: an emptyDir at or under one is its own. */
  scratchPaths: string[];
}

/** What shows a volume was meant to be shared: a declared message, its values, and the nodes it involves. */
interface Evidence {
  messageId: MessageId;
  data: Record<string, string>;
  related: RelatedReport[];
}

type MessageId = 'namedInside' | 'splitTwin' | 'splitUndeclaredTwin' | 'initOnly' | 'readOnlyOnly' | 'agentOnly' | 'agentOnlyAt';

const NOT_SHARED = 'nothing written on one side reaches the other.';
const TWIN_SPLIT =
  'at `{{twinAt}}`, where {{owner}} mounts `{{volume}}` (at `{{at}}`): the two look at the same directory but each ' +
  `sees a different volume, so ${NOT_SHARED} Keep one volume and mount it in both.`;
const AGENT_ONLY =
  'emptyDir volume `{{volume}}` is mounted only by {{agents}}, parts of one agent (`{{image}}`), and by no ' +
  'application container: what the agent writes there never reaches {{applications}}. Mount `{{volume}}` in ' +
  '`{{application}}`';

/**
 * Env vars that place a container's own environment (its home, temp and cache directories, search paths):
 * two containers of one base image name the same home without sharing anything.
 */
const OWN_ENVIRONMENT_ENV = /^(HOME|TMPDIR|TMP|TEMP|PATH|LD_LIBRARY_PATH|PYTHONPATH|GOPATH|GOCACHE|JAVA_HOME|XDG_[A-Z_]+)$/;

/**
 * Words that mark a volume as an agent's own state rather than its output: Vault's agent keeps its cache in
 * `vault-agent-cache`, shared by its init and sidecar parts and by nobody else, by design.
 */
const AGENT_STATE_WORDS = /(^|[-_./])(cache|tmp|temp|home|state|config|conf|work|buffer|run|socks?|sockets?|locks?)($|[-_./\d])/;

const code = (text: string) => `\`${text}\``;

function label(container: ContainerView): string {
  const name = code(container.name ?? '?');
  if (container.nativeSidecar) return `sidecar container ${name}`;
  if (container.list === 'initContainers') return `init container ${name}`;
  return `container ${name}`;
}

/** The pod's declared volumes by name (the first of a repeated name), once per pod. */
const volumeCache = new WeakMap<PodView, Map<string, VolumeView>>();
function volumeNamed(pod: PodView, name: string): VolumeView | undefined {
  let byName = volumeCache.get(pod);
  if (!byName) {
    byName = new Map();
    for (const volume of pod.volumes) if (volume.name !== undefined && !byName.has(volume.name)) byName.set(volume.name, volume);
    volumeCache.set(pod, byName);
  }
  return byName.get(name);
}

const sameImage = (a: ContainerView, b: ContainerView) =>
  a.image !== undefined && b.image !== undefined && imageRepository(a.image) === imageRepository(b.image);

/** One mounter, and what the manifest shows about it. */
interface Owner {
  pod: PodView;
  name: string;
  container: ContainerView;
  /** Where the owner mounts the volume. */
  points: readonly MountPoint[];
  /** Where every container of the pod mounts volumes, and the paths each names. */
  mounts: PodMountPoints;
  namedPaths: PodNamedPaths;
}

/**
 * Only the owner mounts the volume: it is reported when another container names a path inside it, or mounts
 * another emptyDir where it is (one shared directory split in two), or the owner is a one-shot init container
 * or mounts it read-only (both mean it was to be filled or read by someone else).
 */
function ownerEvidence(pod: PodView, volume: VolumeView, container: ContainerView, scratch: readonly string[]): Evidence | undefined {
  // A debug container is nobody's design.
  if (container.list === 'ephemeralContainers') return undefined;
  const name = volume.name ?? '?';
  const others = pod.containers.filter((other) => other !== container && other.list !== 'ephemeralContainers');
  if (others.length === 0) return undefined; // nobody to share it with
  const mounts = mountPointsIn(pod);
  const points = mounts.ofVolume(container, name);
  // Private by design: a scratch path; a raw device or an unreadable path shows nothing to compare.
  if (points.length === 0 || points.every((point) => scratch.some((base) => isUnder(point.at, base)))) return undefined;
  const owner: Owner = { pod, name, container, points, mounts, namedPaths: namedPathsIn(pod) };
  for (const other of others) {
    const found = namedPathEvidence(owner, other);
    if (found !== undefined) return found;
  }
  // Memory holds what its container keeps to itself (keys, tokens): only a path another container names
  // inside it says otherwise.
  if (emptyDirOf(volume)?.medium === 'Memory') return undefined;
  for (const other of others) {
    const found = twinEvidence(owner, other);
    if (found !== undefined) return found;
  }
  return lifecycleEvidence(owner);
}

/** Another container names a file or pattern inside the owner's mount, and does not mount the volume there. */
function namedPathEvidence(owner: Owner, other: ContainerView): Evidence | undefined {
  for (const { path, named: names, envName } of owner.namedPaths.of(other)) {
    if (envName !== undefined && OWN_ENVIRONMENT_ENV.test(envName)) continue;
    for (const named of names) {
      // Something inside the directory (a file, a pattern): the mount path itself is also what a program
      // given its own directory of the same name says (`--data-dir=/data`), and that is no hand-off.
      const point = owner.points.find((candidate) => isUnder(named.path, candidate.at) && (named.path !== candidate.at || named.rest !== ''));
      // A path the other container sees through a mount of its own is its own (a split twin is judged below).
      if (!point || owner.mounts.of(other).some((mine) => isUnder(named.path, mine.at))) continue;
      return {
        messageId: 'namedInside',
        data: {
          other: capitalized(label(other)),
          path: named.text,
          volume: owner.name,
          owner: label(owner.container),
          at: point.at,
          otherName: other.name ?? '?',
        },
        related: [
          { path, message: `${capitalized(label(other))} names ${code(named.text)} here.` },
          { path: [...point.mount.path, 'mountPath'], message: `${capitalized(label(owner.container))} mounts ${code(owner.name)} here.` },
        ],
      };
    }
  }
  return undefined;
}

/** Another container mounts a different emptyDir (or an undeclared volume) where the owner mounts this one. */
function twinEvidence(owner: Owner, other: ContainerView): Evidence | undefined {
  // Two copies of one program each keep their own (per-container caches).
  if (sameImage(owner.container, other)) return undefined;
  // Only the other's points under one of the owner's can be twins: found by search, not by a scan of every mount.
  const candidates = new Set(owner.points.flatMap((point) => owner.mounts.under(other, point.at)));
  for (const mine of owner.mounts.of(other).filter((point) => candidates.has(point))) {
    const point = owner.points.find((candidate) => isUnder(mine.at, candidate.at));
    // The other side is another emptyDir, or a volume the pod does not declare (a typo of this one).
    const twin = volumeNamed(owner.pod, mine.volume);
    if (!point || mine.volume === owner.name || (twin && !emptyDirOf(twin))) continue;
    // Hardened pods give each container its own emptyDir at the same home or cache directory. A split is
    // told apart by a name one typo away, a volume the pod lacks, or a side that only reads (it waits for
    // the other's files).
    if (twin && !point.readOnly && !mine.readOnly && editDistance(owner.name, mine.volume, 2) > 2) continue;
    return {
      messageId: twin ? 'splitTwin' : 'splitUndeclaredTwin',
      data: {
        other: capitalized(label(other)),
        twin: mine.volume,
        twinAt: mine.at,
        owner: label(owner.container),
        volume: owner.name,
        at: point.at,
      },
      related: [
        { path: [...mine.mount.path, 'mountPath'], message: `${capitalized(label(other))} mounts ${code(mine.volume)} here.` },
        { path: [...point.mount.path, 'mountPath'], message: `${capitalized(label(owner.container))} mounts ${code(owner.name)} here.` },
      ],
    };
  }
  return undefined;
}

/** The owner exits before anyone else starts, or can only read what nobody writes. */
function lifecycleEvidence(owner: Owner): Evidence | undefined {
  const { container, name } = owner;
  if (container.list === 'initContainers' && !container.nativeSidecar) {
    return { messageId: 'initOnly', data: { volume: name, owner: label(container) }, related: [] };
  }
  if (owner.points.every((point) => point.readOnly)) {
    return {
      messageId: 'readOnlyOnly',
      data: { volume: name, owner: label(container), ownerName: container.name ?? '?' },
      related: owner.points.map((point) => ({
        path: [...point.mount.path, 'readOnly'],
        message: `${capitalized(label(container))} mounts ${code(name)} read-only here.`,
      })),
    };
  }
  return undefined;
}

/**
 * Every mounter runs one agent image (an agent's init and sidecar parts) and no application container mounts
 * the volume: what the agent renders there never reaches the application.
 */
function agentEvidence(pod: PodView, volume: VolumeView, mounters: readonly ContainerView[]): Evidence | undefined {
  const [first] = mounters;
  if (!first || mounters.length < 2 || first.image === undefined) return undefined;
  if (!mounters.every((container) => container.list !== 'ephemeralContainers' && sameImage(container, first) && looksLikeSidecar(container))) {
    return undefined;
  }
  const hasInitPart = mounters.some((container) => container.list === 'initContainers' && !container.nativeSidecar);
  if (!hasInitPart || !mounters.some((container) => container.running)) return undefined;
  const name = volume.name ?? '?';
  const mounts = mountPointsIn(pod);
  const paths = mounters.flatMap((container) => mounts.ofVolume(container, name));
  if ([name, ...paths.map((point) => point.at)].some((text) => AGENT_STATE_WORDS.test(text.toLowerCase()))) return undefined;
  const applications = pod.containers.filter((container) => container.list === 'containers' && !mounters.includes(container) && !looksLikeSidecar(container));
  const [application] = applications;
  if (!application) return undefined;
  const [path] = paths;
  const data = {
    volume: name,
    agents: mounters.map(label).join(' and '),
    image: imageRepository(first.image),
    applications: applications.map((container) => code(container.name ?? '?')).join(', '),
    application: application.name ?? '?',
  };
  const related = [{ path: [...application.path, 'name'], message: `The application container ${code(application.name ?? '?')}.` }];
  return path ? { messageId: 'agentOnlyAt', data: { ...data, at: path.at }, related } : { messageId: 'agentOnly', data, related };
}

function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

const rule: PodSpecRule<Options> = {
  meta: {
    id: 'unshared-volume',
    level: 'warning',
    summary: 'An emptyDir volume is evidently meant to carry data between containers, and the other side never mounts it.',
    tags: ['kubernetes', 'volumes', 'sidecar'],
    precision: 'high',
    messages: {
      namedInside:
        '{{other}} names `{{path}}`, inside emptyDir volume `{{volume}}` as {{owner}} mounts it at `{{at}}`, but ' +
        "`{{otherName}}` does not mount `{{volume}}`: it sees its own image's files there, and " +
        `${NOT_SHARED} Mount \`{{volume}}\` in \`{{otherName}}\` at \`{{at}}\`.`,
      splitTwin: `{{other}} mounts emptyDir volume \`{{twin}}\` ${TWIN_SPLIT}`,
      splitUndeclaredTwin: `{{other}} mounts volume \`{{twin}}\` (which the pod does not declare) ${TWIN_SPLIT}`,
      initOnly:
        'emptyDir volume `{{volume}}` is mounted only by {{owner}}, which runs to completion before the other containers ' +
        'start: what it prepares there reaches nobody. Mount `{{volume}}` in the container that should read it.',
      readOnlyOnly:
        'emptyDir volume `{{volume}}` is mounted only by {{owner}}, and read-only: nothing can ever write to it, so ' +
        '`{{ownerName}}` sees an empty directory. Mount it, writable, in the container that should fill it.',
      agentOnly: `${AGENT_ONLY}, read-only if it only reads it.`,
      agentOnlyAt: `${AGENT_ONLY} (the agent writes it at \`{{at}}\`), read-only if it only reads it.`,
    } satisfies Readonly<Record<MessageId, string>>,
    // Unknown options are left to the engine's check, which names the options the rule has.
    optionsSchema: {
      type: 'object',
      properties: {
        scratchPaths: {
          type: 'array',
          items: { type: 'string', pattern: '^/' },
          description: 'Absolute mount paths where a container keeps private scratch space.',
        },
        ...INJECTION_OPTIONS_SCHEMA,
      },
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: { scratchPaths: ['/tmp', '/var/tmp', '/run', '/var/run', '/dev/shm'], ...NO_CONFIGURED_INJECTIONS },
  check({ pod, options, report }) {
    // With a container list or a mount too broken to read, any "unshared" volume may be shared after all.
    if (!pod.mountsReadable) return;
    const scratch = options.scratchPaths.flatMap((path) => normalizeAbsolute(path) ?? []);
    // A sidecar injected at admission that mounts the volume is the other side.
    const injected = allInjectedMounts(pod, options);
    const mounters = mountersByVolume(pod);
    for (const volume of pod.volumes) {
      if (volume.name === undefined || !emptyDirOf(volume) || injected.has(volume.name)) continue;
      const containers = mounters.get(volume.name) ?? [];
      const [owner] = containers;
      if (!owner) continue; // mounted by nobody: unused-volume's finding
      const evidence = containers.length === 1 ? ownerEvidence(pod, volume, owner, scratch) : agentEvidence(pod, volume, containers);
      if (evidence !== undefined) report({ path: volumeNamePath(volume), ...evidence });
    }
  },
};

export default rule;
