import path from 'node:path';
import { parseArgs } from 'node:util';
import { FORMAT_NAMES } from '../formatters/index.js';
import {
  DEFAULT_KUBERNETES_VERSION,
  formatKubernetesVersion,
  kubernetesVersionRange,
  parseKubernetesVersion,
  type KubernetesVersion,
} from '../kubernetes/kubernetes-version.js';

export interface CliOptions {
  paths: string[];
  format: string;
  output: string | undefined;
  stdinFilename: string;
  /** Undefined when not given: the config file, then the default, decide. */
  kubernetesVersion: KubernetesVersion | undefined;
  schemaLocations: string[] | undefined;
  config: string | undefined;
  maxWarnings: number | undefined;
  quiet: boolean;
  reportUnusedDisableDirectives: boolean;
  color: boolean | undefined;
  help: boolean;
  version: boolean;
  listRules: boolean;
  /** A rule id whose documentation to print, with --explain. */
  explain: string | undefined;
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
  -f, --format <name>        text (default), json, sarif or github (workflow commands for GitHub Actions)
  -o, --output <file>        write the report to a file instead of standard output
      --stdin-filename <name>  the file name to report for standard input (default: stdin.yaml)
      --kubernetes-version <v>  the Kubernetes release the manifests target (default: ${formatKubernetesVersion(DEFAULT_KUBERNETES_VERSION)})
      --schema-location <loc>  a folder of JSON schemas for custom resources, or a kubeconform template
                             such as 'schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json' (repeatable)
  -c, --config <file>        the config file (default: the nearest .sidecar-lint.yaml or .yml, looking up
                             from the working directory to the repository root)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --quiet                report errors only
      --report-unused-disable-directives
                             report sidecar-lint-disable comments that suppress nothing
      --no-color             plain text output (also when NO_COLOR is set or output is not a terminal)
      --color                coloured text output even when not on a terminal
      --list-rules           list every rule with its level and what it catches
      --explain <rule-id>    print a rule's documentation
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors, 1 errors found, 2 the tool could not do its job (bad arguments, missing paths).

Examples:
  sidecar-lint manifests/
  sidecar-lint 'deploy/**/*.yaml' --format sarif -o results.sarif
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

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        'stdin-filename': { type: 'string', default: 'stdin.yaml' },
        'kubernetes-version': { type: 'string' },
        'schema-location': { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'report-unused-disable-directives': { type: 'boolean', default: false },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        'list-rules': { type: 'boolean', default: false },
        explain: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, tokens } = parsed;
  const positionals = pathsOf(tokens);
  const format = values.format ?? 'text';
  if (!(FORMAT_NAMES as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format '${format}': use one of ${FORMAT_NAMES.join(', ')}`);
  }
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
  const help = values.help ?? false;
  const version = values.version ?? false;
  const listRules = values['list-rules'] ?? false;
  const explain = values.explain;
  if (!help && !version && !listRules && explain === undefined && positionals.length === 0) {
    throw new UsageError('no paths given: name files, directories or glob patterns to lint, or - for standard input');
  }
  return {
    paths: positionals,
    format,
    output: values.output,
    stdinFilename: values['stdin-filename'] ?? 'stdin.yaml',
    kubernetesVersion,
    schemaLocations: values['schema-location'],
    config: values.config,
    maxWarnings,
    quiet: values.quiet ?? false,
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] ?? false,
    color: values['no-color'] ? false : values.color,
    help,
    version,
    listRules,
    explain,
  };
}
