import { statSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { CONFIG_FILE_NAMES, ConfigError, findConfigFile, ignoringPattern, loadConfig, type Config } from '../engine/config.js';
import { compareFindings, type Finding } from '../engine/finding.js';
import { activeRules, defaultOptionsOf, lintFileText, lintSettings, type FileContext } from '../engine/lint.js';
import { kustomizePatchFiles } from '../engine/kustomize.js';
import { DEFAULT_KUBERNETES_VERSION } from '../kubernetes/kubernetes-version.js';
import { registerCustomResourceDefinitions } from '../schemas/custom-resource-definitions.js';
import { definitionText, inSkippedFolder, isYamlFile, scanDefinitions } from './crd-scan.js';

/** What linting one editor buffer gives: its findings, or why the folder's config file cannot be used. */
export type DocumentLint =
  | { findings: Finding[]; configError?: undefined }
  | { findings: []; configError: { file: string; message: string } };

/** One config file (or none) of one workspace folder, read, with the schemas of that folder's CRDs registered. */
interface CachedContext {
  /** Changes when the config file or the folder's CRDs change: the context is then built again. */
  stamp: string;
  config: Config | undefined;
  context: FileContext;
}

const FATAL_RULE_IDS = new Set(RULES.filter((rule) => rule.meta.fatal).map((rule) => rule.meta.id));
const RULE_IDS = RULES.map((rule) => rule.meta.id);
const DEFAULT_OPTIONS = defaultOptionsOf(RULES);

/**
 * The workspace as the linter sees it: its folders, the CustomResourceDefinitions in their YAML files, and the
 * config file each document gets (the nearest from the document's folder, as the CLI finds it). A document is
 * linted as `sidecar-lint <its path>` run from its workspace folder would lint it, its unsaved text standing in for
 * the file on disk.
 */
export class Workspace {
  private folders: string[] = [];
  /** Texts of the files that may define CRDs, by absolute path, folder by folder. */
  private readonly definitions = new Map<string, Map<string, string>>();
  private definitionsGeneration = 0;
  private readonly contexts = new Map<string, CachedContext>();
  private scanning: Promise<void> = Promise.resolve();

  /** Sets the workspace folders and scans them for CRDs; `ready` resolves when the scan is done. */
  setFolders(folders: readonly string[]): void {
    this.folders = [...new Set(folders.map((folder) => path.resolve(folder)))].sort((a, b) => b.length - a.length);
    this.definitions.clear();
    this.contexts.clear();
    this.scanning = Promise.all(
      this.folders.map(async (folder) => {
        this.definitions.set(folder, await scanDefinitions(folder));
      }),
    ).then(() => {
      this.definitionsGeneration++;
    });
  }

  /** Resolves once the CRDs of every folder are known: linting before would call custom resources unknown. */
  ready(): Promise<void> {
    return this.scanning;
  }

  /** The workspace folder holding `file` (the innermost), or its own folder when it is in none. */
  folderOf(file: string): string {
    return this.folders.find((folder) => file === folder || file.startsWith(folder + path.sep)) ?? path.dirname(file);
  }

  /**
   * Takes note of a file created, changed or deleted on disk. Returns whether open documents must be linted again:
   * a CRD came, went or changed, or a config file did.
   */
  async fileChanged(file: string, deleted: boolean): Promise<boolean> {
    if ((CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(file))) return true;
    if (!isYamlFile(file)) return false;
    const folder = this.folders.find((candidate) => file.startsWith(candidate + path.sep));
    if (folder === undefined || inSkippedFolder(folder, file)) return false;
    const known = this.definitions.get(folder) ?? new Map<string, string>();
    this.definitions.set(folder, known);
    const text = deleted ? undefined : await definitionText(file);
    if (text === known.get(file)) return false;
    if (text === undefined) known.delete(file);
    else known.set(file, text);
    this.definitionsGeneration++;
    return true;
  }

  /**
   * Lints a document's text. `file` is its absolute path (for an unsaved buffer, a path in its folder): it names
   * the findings, finds the config file and the kustomization that may list it as a patch.
   */
  lint(file: string, text: string): DocumentLint {
    const folder = this.folderOf(file);
    const configFile = findConfigFile(path.dirname(file));
    let cached: CachedContext;
    try {
      cached = this.contextFor(folder, configFile);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return { findings: [], configError: { file: configFile ?? '', message: error.message } };
    }
    if (cached.config && ignoringPattern(cached.config, file) !== undefined) return { findings: [] };
    // A buffer that defines CRDs itself gets a registry of its own, its unsaved CRDs in place of the saved ones.
    const context = text.includes('CustomResourceDefinition') ? this.buildContext(folder, cached.config, { file, text }) : cached.context;
    const partial = kustomizePatchFiles([{ source: file, name: file }], folder).has(file);
    const result = lintFileText(file, text, context, {}, partial);
    return { findings: result.findings.filter((finding) => !finding.suppressed).sort(compareFindings) };
  }

  private contextFor(folder: string, configFile: string | undefined): CachedContext {
    const key = `${folder}\u0000${configFile ?? ''}`;
    const stamp = `${configFile === undefined ? '' : modifiedAt(configFile)}\u0000${this.definitionsGeneration}`;
    const cached = this.contexts.get(key);
    if (cached?.stamp === stamp) return cached;
    const config = configFile === undefined ? undefined : loadConfig(configFile, RULE_IDS, DEFAULT_OPTIONS, FATAL_RULE_IDS);
    const built = { stamp, config, context: this.buildContext(folder, config) };
    this.contexts.set(key, built);
    return built;
  }

  private buildContext(folder: string, config: Config | undefined, own?: { file: string; text: string }): FileContext {
    const settings = {
      ...lintSettings(config?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION, config?.schemaLocations ?? [], false),
      podSpecs: config?.podSpecs ?? [],
    };
    for (const [file, text] of this.definitions.get(folder) ?? []) {
      if (file !== own?.file) registerCustomResourceDefinitions(settings.schemas, file, text);
    }
    if (own) registerCustomResourceDefinitions(settings.schemas, own.file, own.text);
    return { rules: activeRules(RULES, config?.rules ?? new Map()), settings };
  }
}

/** The config file's modification time and size: a cheap sign that it changed since it was read. */
function modifiedAt(file: string): string {
  try {
    const info = statSync(file);
    return `${info.mtimeMs}:${info.size}`;
  } catch {
    return 'missing';
  }
}
