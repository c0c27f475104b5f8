import path from 'node:path';
import { parseArgs } from 'node:util';
import { closestName, editDistance } from '../engine/closest-name.js';
import { FORMAT_NAMES, type FormatName } from '../formatters/index.js';
import {
  DEFAULT_KUBERNETES_VERSION,
  formatKubernetesVersion,
  kubernetesVersionRange,
  parseKubernetesVersion,
  type KubernetesVersion,
} from '../kubernetes/kubernetes-version.js';
import { MAX_THREADS } from '../engine/parallel.js';

/** One report of the run: a format, and the file it goes to (undefined: standard output). */
export interface ReportOutput {
  format: FormatName;
  file: string | undefined;
}

export interface CliOptions {
  paths: string[];
  /** Every report asked for, in the order given; at most one goes to standard output. */
  outputs: ReportOutput[];
  stdinFilename: string;
  /** Undefined when not given: the config file, then the default, decide. */
  kubernetesVersion: KubernetesVersion | undefined;
  schemaLocations: string[] | undefined;
  config: string | undefined;
  maxWarnings: number | undefined;
  /** Threads to lint on; undefined: as many as pay on this machine for the run. */
  threads: number | undefined;
  quiet: boolean;
  reportUnusedDisableDirectives: boolean;
  color: boolean | undefined;
  help: boolean;
  version: boolean;
  listRules: boolean;
  /** A rule id whose documentation to print, with --explain. */
  explain: string | undefined;
  /** `--fix`: write the fixes to the files; `--fix-dry-run`: print them as a diff and write nothing. */
  fix: boolean;
  fixDryRun: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: sidecar-lint [options] <path | glob | -> ...

Lints Kubernetes manifests for the mistakes of multi-container pods: volumes mounted but never
declared, "shared" volumes only one container mounts, memory-backed emptyDirs without a size limit,
sidecars listed before the application, and more.

Paths may be files, directories (searched for *.yaml and *.yml, skipping node_modules and .git),
glob patterns (quote them: 'manifests/**/*.yaml'), or - to read standard input. Everything after --
is a path, even when it starts with - (there, - is a file of that name).

Options:
  -f, --format <name>[=<file>]
                             text (default), json, sarif, github (workflow commands for GitHub Actions),
                             junit, gitlab (Code Quality) or checkstyle; repeatable, one report each:
                             with =<file> the report goes to that file, and at most one goes to standard output
  -o, --output <file>        write the report (the one without =<file>) to a file instead of standard output
      --stdin-filename <name>  the file name to report for standard input (default: stdin.yaml)
      --kubernetes-version <v>  the Kubernetes release the manifests target (default: ${formatKubernetesVersion(DEFAULT_KUBERNETES_VERSION)})
      --schema-location <loc>  a folder of JSON schemas for custom resources, or a kubeconform template
                             such as 'schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json' (repeatable)
  -c, --config <file>        the config file (default: the nearest .sidecar-lint.yaml or .yml, looking up
                             from the working directory to the repository root)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --threads <n>          lint on n threads, 1 to ${MAX_THREADS} (default: as many as pay for the run on this
                             machine: one on two cores, where V8's own helper threads use the second)
      --quiet                report errors only
      --report-unused-disable-directives
                             report sidecar-lint-disable comments that suppress nothing
      --fix                  apply the fixes findings carry to the files, then report what remains
      --fix-dry-run          print the fixes as a unified diff (then the report), and write nothing
      --no-color             plain text output (also when NO_COLOR is set or output is not a terminal)
      --color                coloured text output even when not on a terminal (FORCE_COLOR=1 too; 0 turns it off)
      --list-rules           list every rule with its level and what it catches
      --explain <rule-id>    print a rule's documentation
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors, 1 errors found, 2 the tool could not do its job (bad arguments, missing paths).

Examples:
  sidecar-lint manifests/
  sidecar-lint 'deploy/**/*.yaml' --format sarif -o results.sarif
  sidecar-lint --format text --format sarif=results.sarif deploy/
  helm template my-chart | sidecar-lint --stdin-filename chart.yaml -
`;

/** The argument that reads standard input when it is not a file name after `--`. */
const STDIN_ARGUMENT = '-';

/**
 * The paths: every positional argument, and everything after `--` as it is, even `--config=x.yml` or `-` (then a
 * file of that name, written `./-`, not standard input). pre-commit passes staged file names after `--`, and
 * whoever opens a pull request chooses them.
 */
function pathsOf(tokens: ReturnType<typeof parseArgs>['tokens'] = []): string[] {
  const terminator = tokens.find((token) => token.kind === 'option-terminator')?.index ?? Number.POSITIVE_INFINITY;
  return tokens.flatMap((token) => {
    if (token.kind !== 'positional') return [];
    return token.index > terminator && token.value === STDIN_ARGUMENT ? [`.${path.sep}${STDIN_ARGUMENT}`] : [token.value];
  });
}

const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  output: { type: 'string', short: 'o' },
  'stdin-filename': { type: 'string', default: 'stdin.yaml' },
  'kubernetes-version': { type: 'string' },
  'schema-location': { type: 'string', multiple: true },
  config: { type: 'string', short: 'c' },
  'max-warnings': { type: 'string' },
  threads: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  'report-unused-disable-directives': { type: 'boolean', default: false },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  'list-rules': { type: 'boolean', default: false },
  explain: { type: 'string' },
  fix: { type: 'boolean', default: false },
  'fix-dry-run': { type: 'boolean', default: false },
} as const satisfies NonNullable<Parameters<typeof parseArgs>[0]>['options'];

const LONG_NAMES: readonly string[] = Object.keys(OPTIONS);
const SHORT_NAMES: ReadonlySet<string> = new Set(Object.values(OPTIONS).flatMap((option) => ('short' in option ? [option.short] : [])));

/** A mistyped long option is at most this many edits from the real one (`-ouptut`, `--formt`). */
const TYPO_DISTANCE = 2;

const suggestion = (name: string | undefined) => (name === undefined ? '' : `: did you mean '--${name}'?`);

/**
 * The arguments as parseArgs reads them without refusing anything, for finding what to refuse and saying why: each
 * option token carries the index of the argument it came from.
 */
function lenientTokens(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true }).tokens;
}

/**
 * kubeconform and Go's flag package take long options with one dash (`-output json`, `-schema-location`); parseArgs
 * reads `-output` as `-o utput` and would write a report named `utput`. An argument of one dash and several letters
 * that spells a long option, or nearly (`-ouptut`), is refused with the two-dash spelling. One whose letters are
 * not all short options (`-summary`) is an unknown option; `-o=x` (the value `=x` to parseArgs) is refused with
 * both spellings that mean `x`. Short options grouped or with their value attached (`-hv`, `-fjson`, `-cconfig.yml`)
 * read as before.
 */
function refuseSingleDashLongOptions(argv: readonly string[]): void {
  const seen = new Set<number>();
  for (const token of lenientTokens(argv)) {
    if (token.kind === 'option-terminator') return;
    if (token.kind !== 'option' || seen.has(token.index)) continue;
    seen.add(token.index);
    const raw = argv[token.index] ?? '';
    if (!/^-[^-]./u.test(raw)) continue;
    const name = raw.slice(1).split('=')[0] ?? '';
    const closest = LONG_NAMES.includes(name) ? name : closestName(name, LONG_NAMES);
    if (closest !== undefined && editDistance(name, closest, TYPO_DISTANCE) <= TYPO_DISTANCE) {
      throw new UsageError(`'${raw}'${suggestion(closest)} (long options take two dashes)`);
    }
    // `-o=report.json` is `-o` with the value `=report.json` to parseArgs, a file no one meant.
    if (token.inlineValue === true && raw[2] === '=') {
      throw new UsageError(`'${raw}': write '${raw.slice(0, 2)} ${raw.slice(3)}' or '--${token.name}=${raw.slice(3)}'`);
    }
    const letters = [...(token.inlineValue === true ? raw.slice(1, 2) : raw.slice(1))];
    if (letters.some((letter) => !SHORT_NAMES.has(letter))) {
      throw new UsageError(`unknown option '${raw}' (long options take two dashes; a path that starts with - goes after --)`);
    }
  }
}

/** parseArgs's refusal of an unknown option, said with the closest known one. */
function unknownOptionMessage(argv: readonly string[]): string | undefined {
  for (const token of lenientTokens(argv)) {
    if (token.kind === 'option-terminator') return undefined;
    if (token.kind !== 'option' || Object.hasOwn(OPTIONS, token.name)) continue;
    // A name of one or two letters is inside too many others to suggest one (`--x` is not `--explain`).
    const closest = token.rawName.startsWith('--') && token.name.length >= 3 ? closestName(token.name, LONG_NAMES) : undefined;
    return `unknown option '${token.rawName}'${suggestion(closest)} (a path that starts with - goes after --)`;
  }
  return undefined;
}

/** `--format name` or `--format name=file`, each checked; `--output` names the file of the one without. */
function outputsOf(formats: readonly string[] | undefined, output: string | undefined): ReportOutput[] {
  const outputs = (formats ?? ['text']).map((value): ReportOutput => {
    const equals = value.indexOf('=');
    const name = equals < 0 ? value : value.slice(0, equals);
    const file = equals < 0 ? undefined : value.slice(equals + 1);
    if (!(FORMAT_NAMES as readonly string[]).includes(name)) {
      const closest = closestName(name, FORMAT_NAMES);
      throw new UsageError(`unknown format '${name}'${closest === undefined ? '' : ` (did you mean '${closest}'?)`}: use one of ${FORMAT_NAMES.join(', ')}`);
    }
    if (file === '') throw new UsageError(`--format ${value}: name the file after =, or leave out = for standard output`);
    return { format: name as FormatName, file };
  });
  const toStandardOutput = outputs.filter((candidate) => candidate.file === undefined);
  if (toStandardOutput.length > 1) {
    throw new UsageError(
      `${toStandardOutput.length} formats for standard output (${toStandardOutput.map((candidate) => candidate.format).join(', ')}): at most one; give the others a file, e.g. --format ${toStandardOutput[1]?.format ?? 'sarif'}=report`,
    );
  }
  if (output !== undefined) {
    const unnamed = toStandardOutput[0];
    if (unnamed === undefined) throw new UsageError(`--output ${output}: every --format already names its file`);
    unnamed.file = output;
  }
  const files = outputs.flatMap((candidate) => (candidate.file === undefined ? [] : [path.normalize(candidate.file)]));
  const twice = files.find((file, index) => files.indexOf(file) !== index);
  if (twice !== undefined) throw new UsageError(`two reports to one file, ${twice}`);
  return outputs;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  refuseSingleDashLongOptions(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, tokens: true, options: OPTIONS });
  } catch (error) {
    const unknown = error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? unknownOptionMessage(argv) : undefined;
    throw new UsageError(unknown ?? (error instanceof Error ? error.message : String(error)));
  }
  const { values, tokens } = parsed;
  const positionals = pathsOf(tokens);
  const outputs = outputsOf(values.format, values.output);
  const versionText = values['kubernetes-version'];
  const kubernetesVersion = versionText === undefined ? undefined : parseKubernetesVersion(versionText);
  if (versionText !== undefined && !kubernetesVersion) {
    throw new UsageError(`--kubernetes-version '${versionText}' is not a Kubernetes release sidecar-lint knows: write ${kubernetesVersionRange()}`);
  }
  const remote = (values['schema-location'] ?? []).find((location) => /^[a-z]+:\/\//i.test(location));
  if (remote !== undefined) {
    throw new UsageError(`--schema-location '${remote}': sidecar-lint reads schemas from local files only, never the network`);
  }
  const maxWarningsText = values['max-warnings'];
  const maxWarnings = maxWarningsText === undefined ? undefined : Number(maxWarningsText);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
    throw new UsageError(`--max-warnings '${maxWarningsText}' is not a whole number of 0 or more`);
  }
  const threadsText = values.threads;
  const threads = threadsText === undefined ? undefined : Number(threadsText);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)) {
    throw new UsageError(`--threads '${threadsText}' is not a whole number from 1 to ${MAX_THREADS}`);
  }
  const help = values.help ?? false;
  const version = values.version ?? false;
  const listRules = values['list-rules'] ?? false;
  const explain = values.explain;
  if (!help && !version && !listRules && explain === undefined && positionals.length === 0) {
    throw new UsageError('no paths given: name files, directories or glob patterns to lint, or - for standard input');
  }
  const fix = values.fix ?? false;
  const fixDryRun = values['fix-dry-run'] ?? false;
  if (fix && fixDryRun) throw new UsageError('--fix and --fix-dry-run: give one (--fix-dry-run shows what --fix would write)');
  if ((fix || fixDryRun) && positionals.includes(STDIN_ARGUMENT)) {
    throw new UsageError(`${fix ? '--fix' : '--fix-dry-run'} fixes files, not standard input: name the files, or lint standard input without it`);
  }
  return {
    paths: positionals,
    outputs,
    stdinFilename: values['stdin-filename'] ?? 'stdin.yaml',
    kubernetesVersion,
    schemaLocations: values['schema-location'],
    config: values.config,
    maxWarnings,
    threads,
    quiet: values.quiet ?? false,
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ?? false,
    color: values['no-color'] ? false : values.color,
    help,
    version,
    listRules,
    explain,
    fix,
    fixDryRun,
  };
}
