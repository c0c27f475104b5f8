import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { RULES } from '../../rules/index.js';
import type { RuleSetting } from './config.js';
import type { KubernetesVersion } from '../kubernetes/kubernetes-version.js';
import type { CustomPodSpecLocation } from '../kubernetes/workloads.js';
import { activeRules, lintSettings, type FileContext, type FileResult } from './lint.js';
import type { ToolProblem } from './report.js';
import { registerCustomResourceDefinitions } from '../schemas/custom-resource-definitions.js';

/*
 * Linting files on worker threads, so a large run uses every core. Each worker gets a share of the files (paths only:
 * it reads them itself), builds the same rules and settings, registers the same CustomResourceDefinitions, and sends
 * back its files' results. Small runs stay on one thread: starting a worker costs more than it saves.
 */

/** What a worker needs to lint as the main thread would: plain data, as structured clone carries it. */
export interface RunSpec {
  kubernetesVersion: KubernetesVersion;
  schemaLocations: readonly string[];
  reportUnusedDisableDirectives: boolean;
  ruleSettings: readonly (readonly [string, RuleSetting])[];
  quiet: boolean;
  /** The texts of the input's files that hold CustomResourceDefinitions, with their names. */
  definitions: readonly { file: string; text: string }[];
  /** Where custom resources the config file names keep their pod specs. */
  podSpecs: readonly CustomPodSpecLocation[];
}

/** One file of a share: where to read it and the name its findings carry. */
export interface ShareFile {
  name: string;
  source: string;
  /** A patch a kustomization lists: partial objects. */
  partial: boolean;
}

/** What linting one file gave: its result and the problems it adds, or that it could not be read. */
export interface FileOutcome {
  result?: FileResult;
  problems: ToolProblem[];
}

/** Lints one file of the run on the current thread. */
export type FileLinter = (file: ShareFile, context: FileContext, quiet: boolean) => FileOutcome;

/** The indexes of the files this thread takes, one at a time, from the counter every thread of the run shares. */
export function* takeFiles(counter: Int32Array, count: number): Generator<number> {
  for (let index = Atomics.add(counter, 0, 1); index < count; index = Atomics.add(counter, 0, 1)) yield index;
}

/** A counter for takeFiles, to share among the threads of one run. */
export function fileCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

const WORKER_FLAG = 'sidecar-lint-worker';

/** Below this many files, or this many bytes, one thread is faster. */
const MIN_FILES = 64;
const MIN_BYTES = 2 * 1024 * 1024;

/** The most threads a run lints on, whatever it is told (`--threads`). */
export const MAX_THREADS = 16;

/**
 * Cores one linting thread keeps busy: V8 compiles hot code and collects garbage on helper threads of its own, and
 * those want about half a core more (measured on two cores: 1.61 s of CPU in 1.05 s, linting 10,000 documents on one
 * thread). On two cores a second linting thread therefore competes with them: it made the benchmark's 10,000
 * documents 19% slower, 30,000 documents 20% and the corpus 24%, and 100,000 documents only 8% faster. Only two cores
 * could be measured: on more, the same half core a thread is assumed.
 */
const CORES_PER_THREAD = 1.5;

export function contextOf(spec: RunSpec): FileContext {
  const settings = { ...lintSettings(spec.kubernetesVersion, spec.schemaLocations, spec.reportUnusedDisableDirectives), podSpecs: spec.podSpecs };
  for (const { file, text } of spec.definitions) registerCustomResourceDefinitions(settings.schemas, file, text);
  return { rules: activeRules(RULES, new Map(spec.ruleSettings)), settings };
}

/**
 * How many threads to use for `files` files of `bytes` bytes in all on `cores` cores: 1 unless the run is large enough
 * to pay, and one per CORES_PER_THREAD cores (one on two cores, three on four), at most four.
 */
export function threadsFor(files: number, bytes: number, cores = availableParallelism()): number {
  if (files < MIN_FILES || bytes < MIN_BYTES) return 1;
  return Math.max(1, Math.min(Math.round(cores / CORES_PER_THREAD), 4));
}

/** Results errors cannot cross threads as they are: a rule failure's error travels as its message. */
function portable(outcome: FileOutcome): FileOutcome {
  if (!outcome.result) return outcome;
  const failures = outcome.result.failures.map((failure) => ({
    ...failure,
    error: failure.error instanceof Error ? failure.error.message : String(failure.error),
  }));
  return { ...outcome, result: { ...outcome.result, failures } };
}

/**
 * Starts a worker from `script` (a module that calls runWorkerIfWorker first) on the run's files, taking them from
 * `counter`; resolves with the outcomes of the files it took, by index.
 */
export function lintOnWorker(script: URL, spec: RunSpec, files: readonly ShareFile[], counter: Int32Array): Promise<[number, FileOutcome][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { [WORKER_FLAG]: true, spec, files, counter: counter.buffer } });
    worker.once('message', (outcomes: [number, FileOutcome][]) => {
      resolve(outcomes);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a lint worker stopped with exit code ${code}`));
    });
  });
}

/**
 * In a worker started by lintOnWorker: lints the files it takes, posts their outcomes and returns true. On the main
 * thread (or in any other worker) returns false at once, and the caller goes on as usual.
 */
export function runWorkerIfWorker(lintFile: FileLinter): boolean {
  const data = workerData as { [WORKER_FLAG]?: boolean; spec: RunSpec; files: ShareFile[]; counter: SharedArrayBuffer } | undefined;
  if (isMainThread || !parentPort || data?.[WORKER_FLAG] !== true) return false;
  const context = contextOf(data.spec);
  const outcomes: [number, FileOutcome][] = [];
  for (const index of takeFiles(new Int32Array(data.counter), data.files.length)) {
    outcomes.push([index, portable(lintFile(data.files[index] as ShareFile, context, data.spec.quiet))]);
  }
  parentPort.postMessage(outcomes);
  return true;
}
