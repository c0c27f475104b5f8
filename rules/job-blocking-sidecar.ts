import { compareKubernetesVersions } from '../src/kubernetes/kubernetes-version.js';
import type { ContainerView } from '../src/kubernetes/pod.js';
import type { PodSpecRule } from '../src/engine/rule.js';
import { SIDECAR_IMAGES, imageRepository } from './support/sidecars.js';
import { isPlainObject, stringOrUndefined } from '../src/kubernetes/values.js';

const NATIVE_SIDECARS_BY_DEFAULT = { major: 1, minor: 29 };

/** Loops with a condition that never fails: `while true`, `while :`, `while [ 1 ]`, `while sleep 5`, `until false`. */
const ENDLESS_LOOP = /\b(while\s+(?:true|:|\[\s*(?:1|true)\s*\]|\[\[\s*(?:1|true)\s*\]\]|sleep\s+[\w.]+)|until\s+false)\s*(?:;\s*)?do\b/;
const SLEEP_FOREVER = /\bsleep\s+(?:infinity|inf)\b/;
/** A `tail` command (`/usr/bin/tail` too) and its words, up to the end of that command. */
const TAIL_COMMAND = /(?:^|[\s;&|(`/])tail\s+([^;&|)\n`]*)/g;
/** `--follow`, `--follow=name`. */
const FOLLOW_LONG_OPTION = /^--follow(?:=\S*)?$/;
/** A short-option cluster (`-fn0`, `-n+1F`): letters, digits and `+`. */
const SHORT_OPTION_CLUSTER = /^-[a-zA-Z0-9+]+$/;
/**
 * Ways a script ends itself or a follower: a successful `exit`, `break`, killing a process, `timeout`, or
 * `tail --pid`. A script that has one is taken to stop when its work is done.
 */
const ENDS_ITSELF = /(?:^|[\s;&|(`])(?:exit(?!\s+[1-9])|break|kill|pkill|killall|timeout)\b|--pid\b/;
/** A `trap` handler runs on a signal, which a Job never sends: its `exit` ends nothing. */
const TRAP = /\btrap\s+(?:'[^']*'|"[^"]*"|\S+)/g;
/** Another container that stops helpers: Istio's and cloud-sql-proxy's `/quitquitquit`, or a kill. */
const STOPS_OTHERS = /quitquitquit|(?:^|[\s;&|(`])(?:kill|pkill|killall)\b/;
/** Arguments that make a well-known sidecar do one thing and exit: a single sync, a config check, its version. */
const ONE_SHOT_FLAG = /(?:^|\s)(?:--?(?:one[-_]time|exit-after-auth|dry-run|version|help)|validate|version)(?=[\s=]|$)/;
const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/** The words of `command` and `args`, or undefined when either is there but not a list of words. */
function wordsOf(container: ContainerView): string[] | undefined {
  const words: string[] = [];
  for (const field of [container.raw.command, container.raw.args]) {
    if (field === undefined || field === null) continue;
    if (!Array.isArray(field)) return undefined;
    for (const word of field) {
      if (typeof word === 'string') words.push(word);
      else if (typeof word === 'number' || typeof word === 'boolean') words.push(String(word));
      else return undefined;
    }
  }
  return words;
}

/**
 * A short-option cluster with an `f` or `F` that no `+` follows (`-f`, `-F`, `-fn0`, `-n+1F`), or `--follow`. Scanned
 * by hand: a regex that picks which `f` it is backtracks quadratically on `-fff…f!`.
 */
function isFollowOption(word: string): boolean {
  if (FOLLOW_LONG_OPTION.test(word)) return true;
  if (!SHORT_OPTION_CLUSTER.test(word)) return false;
  return Math.max(word.lastIndexOf('f'), word.lastIndexOf('F')) > word.lastIndexOf('+');
}

/** The option that makes a `tail` in the script follow its file, if one does. */
function followOption(script: string): string | undefined {
  for (const match of script.matchAll(TAIL_COMMAND)) {
    const words = (match[1] ?? '').split(/\s+/).map((word) => word.replace(/^['"]|['"]$/g, ''));
    const option = words.find(isFollowOption);
    if (option !== undefined) return option;
  }
  return undefined;
}

/** Why the container never exits on its own, in a few words, or undefined when it may. */
function whyEndless(container: ContainerView, words: readonly string[]): string | undefined {
  const script = words.join(' ');
  const untrapped = script.replace(TRAP, ' ');
  if (!ENDS_ITSELF.test(untrapped)) {
    const loop = ENDLESS_LOOP.exec(untrapped)?.[1];
    if (loop !== undefined) return `its command loops forever (\`${loop.replace(/\s+/g, ' ')}\`)`;
    const sleep = SLEEP_FOREVER.exec(untrapped)?.[0];
    if (sleep !== undefined) return `its command runs \`${sleep.replace(/\s+/g, ' ')}\`, which never returns`;
    const follow = followOption(untrapped);
    if (follow !== undefined) return `its command follows a file with \`tail ${follow}\`, which never returns`;
  }
  // A shell script says what runs; only the image's own program is judged by the image.
  const program = words[0]?.split('/').pop();
  if (program !== undefined && SHELLS.has(program)) return undefined;
  if (container.image === undefined || ONE_SHOT_FLAG.test(script) || setsOneTimeEnv(container)) return undefined;
  const repository = imageRepository(container.image);
  if (!SIDECAR_IMAGES.some((pattern) => pattern.test(repository))) return undefined;
  return `its image \`${repository}\` is a sidecar that serves until it is stopped`;
}

/** git-sync's `GITSYNC_ONE_TIME` / `GIT_SYNC_ONE_TIME`. */
function setsOneTimeEnv(container: ContainerView): boolean {
  const env = container.raw.env;
  if (!Array.isArray(env)) return false;
  return env.some((entry) => isPlainObject(entry) && /ONE_TIME$/.test(stringOrUndefined(entry.name) ?? '') &&
    stringOrUndefined(entry.value)?.toLowerCase() === 'true');
}

const NEVER_EXITS =
  "Container `{{name}}` of this {{kind}} never exits: {{why}}. A Job's pod succeeds only when all its regular " +
  'containers have exited, so after {{main}} finishes the pod stays `Running` and the Job never completes.';

const rule: PodSpecRule = {
  meta: {
    id: 'job-blocking-sidecar',
    level: 'warning',
    summary: 'A Job\'s sidecar runs forever as a regular container, so the Job never completes.',
    tags: ['kubernetes', 'sidecar', 'reliability', 'jobs'],
    precision: 'high',
    messages: {
      neverExits:
        `${NEVER_EXITS} Make \`{{name}}\` a native sidecar: move it to \`initContainers\` with \`restartPolicy: Always\`, ` +
        'and the kubelet stops it once {{main}} exits.',
      neverExitsBeforeNativeSidecars:
        `${NEVER_EXITS} Native sidecars (an init container with \`restartPolicy: Always\`, which the kubelet stops once ` +
        '{{main}} exits) need Kubernetes 1.29; before that, make `{{name}}` exit when {{main}} is done, for example by ' +
        'watching for a file that it writes to a shared volume.',
    },
    needsWholeObject: true,
  },
  scope: 'pod-spec',
  defaultOptions: {},
  check({ pod, settings, report }) {
    // Jobs, CronJobs, and the custom resources made of Jobs (a JobSet, a KEDA ScaledJob): keyed by API group.
    if (!pod.workload.runsToCompletion) return;
    const kind = pod.workload.kind;
    const regular = pod.containers.filter((container) => container.list === 'containers');
    const main = regular.find((container) => container.index === 0);
    const nativeSidecars = compareKubernetesVersions(settings.kubernetesVersion, NATIVE_SIDECARS_BY_DEFAULT) >= 0;
    // Each container's words, and whether it stops others, once per pod: work linear in the containers.
    const wordsByContainer = new Map(regular.map((container) => [container, wordsOf(container)] as const));
    const stoppers = new Set(regular.filter((container) => STOPS_OTHERS.test((wordsByContainer.get(container) ?? []).join(' '))));
    for (const container of regular) {
      if (container.index === 0) continue;
      const words = wordsByContainer.get(container);
      if (words === undefined) continue;
      // Another container that stops its helpers (with a shared process namespace, or through an endpoint)
      // has the shutdown in hand.
      const othersStopIt = stoppers.size > (stoppers.has(container) ? 1 : 0);
      if (othersStopIt) continue;
      const why = whyEndless(container, words);
      if (why === undefined) continue;
      const mainName = main?.name !== undefined ? `\`${main.name}\`` : 'the first container';
      report({
        path: [...container.path, 'name'],
        messageId: nativeSidecars ? 'neverExits' : 'neverExitsBeforeNativeSidecars',
        data: { name: container.name ?? '?', kind, why, main: mainName },
        related: main
          ? [{
            path: [...main.path, 'name'],
            message: `The main container, ${mainName}: once it exits, \`${container.name ?? '?'}\` keeps the pod running.`,
          }]
          : [],
      });
    }
  },
};

export default rule;
