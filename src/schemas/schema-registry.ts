import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ajvClass } from '../libraries/lazy.js';
import { KUBERNETES_AJV_OPTIONS } from './ajv-options.js';
import { compareKubernetesVersions, type KubernetesVersion } from '../kubernetes/kubernetes-version.js';
import { PACKAGE_ROOT } from '../engine/package-info.js';
import { isPlainObject, setOwn, type PlainObject } from '../kubernetes/values.js';
import { boundIntegers, crdSchemas } from './crd-schemas.js';
import { customResourceDefinitionsIn, customResourceDefinitionsOf } from './custom-resource-definitions.js';
import { re2Engine, type DroppedPattern } from './input-patterns.js';
import { interpretable, SchemaInterpreter, type InterpreterSources, type PatternTester, type SchemaNode } from './schema-interpreter.js';
import { REMOVED_APIS, removedApi, type RemovedApi } from './removed-apis.js';
import { capText, describeSchemaErrors, quoteForMessage, type SchemaProblem } from './schema-messages.js';
import { schemaLocationPaths } from './schema-locations.js';
import { validatorGroupOf } from './validator-groups.js';


/** What is known of an apiVersion/kind, and so how its objects are checked. */
export type SchemaLookup =
  | {
      status: 'found';
      source: string;
      validate: (object: PlainObject) => SchemaProblem[];
      /** What of the schema is not checked (a pattern RE2 cannot run in bounded time), said for a person. */
      notes?: string[];
    }
  | { status: 'removed'; removed: RemovedApi }
  /** A built-in API group that serves no such version or kind: a typo, or an API from another release. */
  | {
      status: 'not-served';
      /** The group's versions, and the kinds of the version asked for, at the target release. */
      servedVersions: string[];
      servedKinds: string[];
      /** Versions of the group that serve this kind, if any. */
      versionsOfKind: string[];
      /** Set when the kind itself is gone from the group. */
      removedKind?: RemovedApi;
    }
  | { status: 'missing' }
  /** A schema was found but cannot be used (a broken CRD schema, an unreadable schema file). */
  | { status: 'unusable'; reason: string };

/** schemas/kubernetes.json: the built-in kinds (apiVersion/kind to definition name) and their definitions. */
interface BuiltInSchemas {
  kubernetesVersion: string;
  source: string;
  kinds: Record<string, string>;
  definitions: Record<string, unknown>;
}

/**
 * What every run needs of it, the kinds and the release, which `npm run build` writes into a file of its own
 * (dist/schemas/kubernetes-kinds.json, 1/30 of the whole): the definitions are read only for custom resources.
 */
type BuiltInKinds = Pick<BuiltInSchemas, 'kubernetesVersion' | 'kinds'>;

/** A file's text with CustomResourceDefinitions, not read yet, and its place among the files given. */
interface PendingDefinitions {
  source: string;
  text: string;
  order: number;
  /** Whether the text has a double-quoted escape or a single-quoted quote: then it may define any kind. */
  escapes: boolean;
}

/** Kinds looked for in the kept CRD texts before they are all read at once. */
const MAX_KIND_SCANS = 32;

/** A custom resource's schema, with the file of the CRD that gave it. */
interface CustomSchema {
  source: string;
  schema: object;
  unusable?: string;
  /** The place of its file among the files given: of two CRDs equally near an object, the first given wins. */
  order: number;
}

const BUILT_IN_ID = 'kubernetes';
const OBJECT_META = { $ref: `${BUILT_IN_ID}#/definitions/IoK8sApimachineryPkgApisMetaV1ObjectMeta` };

/** Kubernetes-shaped configuration that no cluster serves (kustomize's own files): not validated, no note. */
export function isClientSideConfig(apiVersion: string): boolean {
  return groupOf(apiVersion) === 'kustomize.config.k8s.io';
}

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** How many leading folders two files share. */
function sharedFolderDepth(a: string, b: string): number {
  const left = path.dirname(a).split(/[\\/]/);
  const right = path.dirname(b).split(/[\\/]/);
  let depth = 0;
  while (depth < left.length && left[depth] === right[depth]) depth++;
  return depth;
}

/**
 * Null means "not set" to the API server (sigs.k8s.io/yaml turns it into a Go zero value), so
 * `creationTimestamp: null` and `args:` with nothing after it pass, as they do in kubectl. Fields set to null
 * are left out before validation; a required field set to null is then reported missing.
 */
function hasNullField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullField);
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    const entry = value[key];
    if (entry === null || (typeof entry === 'object' && hasNullField(entry))) return true;
  }
  return false;
}

function withoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullFields);
  if (!isPlainObject(value)) return value;
  const copy: PlainObject = {};
  for (const [key, entry] of Object.entries(value)) if (entry !== null) setOwn(copy, key, withoutNullFields(entry));
  return copy;
}

/**
 * Levels of nesting a schema from the input may have: real CRDs stay under 30. Validating walks (or, compiled by ajv,
 * calls) once per level, and a schema nested a thousand levels deep overflowed the stack on every object.
 */
const MAX_SCHEMA_DEPTH = 200;

/** How deep a schema nests (objects and lists), counted without recursion: the schema comes from the input. */
function schemaDepth(root: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[root, 1]];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** A compiled ajv validator as a function from data to its errors. */
function errorsOf(validate: ValidateFunction): (data: unknown) => ErrorObject[] {
  return (data) => (validate(data) ? [] : (validate.errors ?? []));
}

/**
 * The schemas of one run: the built-in Kubernetes schemas in schemas/kubernetes.json, the custom resources of
 * CustomResourceDefinitions found in the input, and kubeconform-style schema locations on disk. Nothing is
 * compiled before an object of its kind is met, so a run over a few kinds compiles only those.
 */
export class SchemaRegistry {
  /** For custom resources only: built-in kinds use the validators precompiled at build time. */
  private ajvInstance: AjvModule.default | undefined;
  private readonly precompiled = new Map<string, Record<string, ValidateFunction>>();
  private builtInKinds: BuiltInKinds | undefined;
  private builtInDefinitions: Record<string, unknown> | undefined;
  /** The API groups the built-in schemas serve, `` for the core group. */
  private builtInGroups: Set<string> | undefined;
  /** Files with CustomResourceDefinitions not read yet (readDefinitionsOf). */
  private pendingDefinitions: PendingDefinitions[] = [];
  /** The kinds the kept texts were looked through for since the last text was kept: a text that lacked one still does. */
  private readonly scannedKinds = new Set<string>();
  private definitionFiles = 0;
  /** Custom resource schemas by apiVersion/kind, with the file of the CRD that gave each. */
  private readonly custom = new Map<string, CustomSchema[]>();
  private readonly compiled = new Map<string, SchemaLookup>();
  /** The patterns the schema being compiled leaves unchecked. */
  private droppedPatterns: DroppedPattern[] = [];
  private readonly inputPatterns = new Map<string, { tester: PatternTester; dropped: readonly DroppedPattern[] }>();
  private readonly builtInPatterns = new Map<string, { tester: PatternTester; dropped: readonly DroppedPattern[] }>();

  constructor(
    private readonly kubernetesVersion: KubernetesVersion,
    private readonly schemaLocations: readonly string[] = [],
  ) {}

  /** Keeps a file's text that holds CustomResourceDefinitions, read when a custom resource may need it. */
  addDefinitionText(source: string, text: string): void {
    this.pendingDefinitions.push({ source, text, order: this.definitionFiles++, escapes: text.includes('\\') || text.includes("''") });
    this.scannedKinds.clear();
  }

  /**
   * Reads the kept files that may define `kind`. A file can only define a kind it spells out: a scalar's text holds
   * its value's characters, but for a double-quoted escape (`\`) or a single-quoted quote (`''`). A file with none
   * of the three cannot define it and stays unread.
   */
  private readDefinitionsOf(kind: string): void {
    if (this.pendingDefinitions.length === 0 || this.scannedKinds.has(kind)) return;
    this.scannedKinds.add(kind);
    // Each kind costs a look through the kept texts: past a few dozen kinds (thousands of custom resources of
    // different kinds, which a pull request can write), reading every kept file once costs less.
    const readAll = this.scannedKinds.size > MAX_KIND_SCANS;
    const unread: PendingDefinitions[] = [];
    for (const pending of this.pendingDefinitions) {
      if (readAll || pending.escapes || pending.text.includes(kind)) {
        for (const crd of customResourceDefinitionsIn(pending.text)) this.addCustomResourceDefinition(crd, pending.source, pending.order);
      } else {
        unread.push(pending);
      }
    }
    this.pendingDefinitions = unread;
  }

  /**
   * A kept file that linting has just read (lint.ts): its CRDs are registered from that reading, so it is not read
   * a second time for them.
   */
  registerRead(source: string, values: readonly unknown[]): void {
    const index = this.pendingDefinitions.findIndex((pending) => pending.source === source);
    if (index === -1) return;
    const [pending] = this.pendingDefinitions.splice(index, 1);
    for (const crd of customResourceDefinitionsOf(values)) this.addCustomResourceDefinition(crd, source, pending?.order ?? Number.MAX_SAFE_INTEGER);
  }

  /** Registers the custom resources a CustomResourceDefinition defines, `source` being its file. */
  addCustomResourceDefinition(crd: PlainObject, source: string, order = Number.MAX_SAFE_INTEGER): void {
    for (const { apiVersion, kind, schema, unusable } of crdSchemas(crd, OBJECT_META)) {
      const key = `${apiVersion}/${kind}`;
      const list = this.custom.get(key) ?? [];
      // In the order the files were given, whichever was read first.
      const at = list.findIndex((other) => other.order > order);
      list.splice(at === -1 ? list.length : at, 0, unusable === undefined ? { source, schema, order } : { source, schema, unusable, order });
      this.custom.set(key, list);
    }
  }

  /** How objects of apiVersion/kind in `file` are checked. */
  lookup(apiVersion: string, kind: string, file = ''): SchemaLookup {
    if (this.loadKinds().kinds[`${apiVersion}/${kind}`] === undefined) this.readDefinitionsOf(kind);
    const custom = this.nearestCustomSchema(`${apiVersion}/${kind}`, file);
    const key = `${apiVersion}/${kind}\u0000${custom?.source ?? ''}`;
    let lookup = this.compiled.get(key);
    if (!lookup) {
      lookup = this.find(apiVersion, kind, custom);
      this.compiled.set(key, lookup);
    }
    return lookup;
  }

  /**
   * Where several CRDs define one kind (vendored copies of an operator at different versions), the one
   * nearest the object's file in the folder tree is the one it was written for.
   */
  private nearestCustomSchema(key: string, file: string): CustomSchema | undefined {
    const candidates = this.custom.get(key) ?? [];
    let best = candidates[0];
    let bestShared = -1;
    for (const candidate of candidates) {
      const shared = sharedFolderDepth(candidate.source, file);
      if (shared > bestShared) {
        best = candidate;
        bestShared = shared;
      }
    }
    return best;
  }

  private find(apiVersion: string, kind: string, custom: CustomSchema | undefined): SchemaLookup {
    const removed = removedApi(apiVersion, kind);
    if (removed && compareKubernetesVersions(this.kubernetesVersion, removed.removedIn) >= 0) return { status: 'removed', removed };
    const builtIn = this.loadKinds();
    if (builtIn.kinds[`${apiVersion}/${kind}`] !== undefined) {
      const validate = this.loadPrecompiled(`${apiVersion}/${kind}`)[`${apiVersion}/${kind}`];
      if (validate) return this.found(errorsOf(validate), kind, `Kubernetes ${builtIn.kubernetesVersion}`);
    }
    if (custom?.unusable !== undefined) return { status: 'unusable', reason: `the schema for ${capText(kind)} from ${custom.source} cannot be used: ${custom.unusable}` };
    if (custom) return this.compile(custom.schema, kind, custom.source);
    for (const file of schemaLocationPaths(this.schemaLocations, apiVersion, kind, this.kubernetesVersion)) {
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      let schema: PlainObject;
      try {
        schema = JSON.parse(readFileSync(file, 'utf8')) as PlainObject;
      } catch (error) {
        return { status: 'unusable', reason: `cannot read the schema ${file}: ${error instanceof Error ? error.message : String(error)}` };
      }
      // Schemas from openapi2jsonschema name a draft-04 meta-schema ajv does not load; the keywords they use
      // mean the same in the draft ajv speaks.
      delete schema.$schema;
      delete schema.id;
      boundIntegers(schema);
      return this.compile(schema, kind, file);
    }
    return this.builtInGroups?.has(groupOf(apiVersion)) ? this.notServed(apiVersion, kind) : { status: 'missing' };
  }

  /** What a built-in group serves at the target release instead of apiVersion/kind. */
  private notServed(apiVersion: string, kind: string): SchemaLookup {
    const group = groupOf(apiVersion);
    const served = Object.keys(this.loadKinds().kinds)
      .map((key) => ({ apiVersion: key.slice(0, key.lastIndexOf('/')), kind: key.slice(key.lastIndexOf('/') + 1) }))
      .filter((entry) => groupOf(entry.apiVersion) === group)
      .filter((entry) => {
        const removed = removedApi(entry.apiVersion, entry.kind);
        return !removed || compareKubernetesVersions(this.kubernetesVersion, removed.removedIn) < 0;
      });
    const removedElsewhere = REMOVED_APIS.find((removed) => groupOf(removed.apiVersion) === group && removed.kinds !== 'all' && removed.kinds.includes(kind));
    return {
      status: 'not-served',
      servedVersions: [...new Set(served.map((entry) => entry.apiVersion))],
      servedKinds: [...new Set(served.filter((entry) => entry.apiVersion === apiVersion).map((entry) => entry.kind))],
      versionsOfKind: [...new Set(served.filter((entry) => entry.kind === kind).map((entry) => entry.apiVersion))],
      ...(removedElsewhere ? { removedKind: removedElsewhere } : {}),
    };
  }

  /**
   * A schema from the input (a CRD's, a schema file's). One that keeps to the keywords the interpreter walks is
   * walked over each object (no compilation: a CRD's schema can be far larger than its objects); any other is
   * compiled by ajv. ajv's meta-schema check comes first either way, so a malformed schema is refused alike.
   */
  private compile(schema: object, kind: string, source: string): SchemaLookup {
    const depth = schemaDepth(schema);
    if (depth > MAX_SCHEMA_DEPTH) {
      return { status: 'unusable', reason: `the schema for ${capText(kind)} from ${source} cannot be used: it nests deeper than ${MAX_SCHEMA_DEPTH} levels` };
    }
    const ajv = this.ajv();
    this.droppedPatterns = [];
    // Each pattern once: a schema may repeat one (the same field in several places), and its note once is enough.
    const patterns = new Set<string>();
    if (ajv.validateSchema(schema) === true && interpretable(schema as SchemaNode, this.interpreterSources, (pattern, inBuiltIn) => {
      if (!inBuiltIn) patterns.add(pattern);
    })) {
      for (const pattern of patterns) this.droppedPatterns.push(...this.patternOf(pattern, false).dropped);
      const interpreter = new SchemaInterpreter(this.interpreterSources);
      const check = (data: unknown) => interpreter.validate(schema as SchemaNode, data);
      return this.found(check, kind, source, this.droppedNotes(kind, source));
    }
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      // ajv's words may quote the schema, which comes from the input: capped, as every quoted text of a message.
      const why = capText(error instanceof Error ? error.message : String(error), 300);
      return { status: 'unusable', reason: `the schema for ${capText(kind)} from ${source} cannot be used: ${why}` };
    }
    return this.found(errorsOf(validate), kind, source, this.droppedNotes(kind, source));
  }

  private droppedNotes(kind: string, source: string): string[] {
    return this.droppedPatterns.map(
      (dropped) => `the pattern ${quoteForMessage(dropped.pattern)} of ${capText(kind)} from ${source} is not checked: ${capText(dropped.reason, 300)}`,
    );
  }

  /**
   * A compiled pattern, once per run: the input's on RE2 (input-patterns.ts), with what RE2 could not run; the
   * built-in schemas' (ours) as ajv compiles them, a RegExp with the `u` flag.
   */
  private patternOf(pattern: string, inBuiltIn: boolean): { tester: PatternTester; dropped: readonly DroppedPattern[] } {
    const cache = inBuiltIn ? this.builtInPatterns : this.inputPatterns;
    let entry = cache.get(pattern);
    if (!entry) {
      const dropped: DroppedPattern[] = [];
      const tester = inBuiltIn ? new RegExp(pattern, 'u') : re2Engine((found) => dropped.push(found))(pattern);
      entry = { tester, dropped };
      cache.set(pattern, entry);
    }
    return entry;
  }

  /** How the interpreter reaches the built-in definitions (a CRD's metadata is an ObjectMeta) and patterns. */
  private readonly interpreterSources: InterpreterSources = {
    resolve: (ref, inBuiltIn) => {
      const prefix = inBuiltIn ? '#/definitions/' : `${BUILT_IN_ID}#/definitions/`;
      if (!ref.startsWith(prefix)) return undefined;
      const definitions = this.loadDefinitions();
      const name = ref.slice(prefix.length);
      return Object.hasOwn(definitions, name) ? { schema: definitions[name] as SchemaNode, inBuiltIn: true } : undefined;
    },
    pattern: (pattern, inBuiltIn) => this.patternOf(pattern, inBuiltIn).tester,
  };

  private found(check: (data: unknown) => ErrorObject[], kind: string, source: string, notes: string[] = []): SchemaLookup {
    return {
      status: 'found',
      source,
      ...(notes.length > 0 ? { notes } : {}),
      validate: (object) => {
        // Most objects have no null field: they are validated as they are, without a copy.
        const data = hasNullField(object) ? withoutNullFields(object) : object;
        let errors: ErrorObject[];
        try {
          errors = check(data);
        } catch (error) {
          // Validators recurse with the object: one nested past what the stack holds (hundreds of levels, which the
          // reader still reads) is not checked, rather than said to be wrong. It is no bug of any rule.
          if (error instanceof RangeError) return [];
          throw error;
        }
        return errors.length === 0 ? [] : describeSchemaErrors(errors, data, kind);
      },
    };
  }

  /**
   * ajv, with the built-in definitions that CRD schemas refer to (metadata is an ObjectMeta). Patterns from the input
   * run on RE2 (input-patterns.ts); the built-in schemas' are ours, precompiled with JavaScript's RegExp.
   */
  private ajv(): AjvModule.default {
    if (!this.ajvInstance) {
      const regExp = re2Engine((dropped) => this.droppedPatterns.push(dropped));
      // A long enum is checked in a loop rather than written out as a chain of comparisons.
      this.ajvInstance = new (ajvClass())({ ...KUBERNETES_AJV_OPTIONS, loopEnum: 50, code: { ...KUBERNETES_AJV_OPTIONS.code, regExp } });
      this.ajvInstance.addSchema({ $id: BUILT_IN_ID, definitions: this.loadDefinitions() });
    }
    return this.ajvInstance;
  }

  /** The module of validators `npm run build` precompiled for a kind, loaded when first needed. */
  private loadPrecompiled(kindKey: string): Record<string, ValidateFunction> {
    const group = validatorGroupOf(kindKey);
    let module = this.precompiled.get(group);
    if (!module) {
      module = createRequire(import.meta.url)(
        path.join(PACKAGE_ROOT, 'dist', 'schemas', `kubernetes-validators-${group}.cjs`),
      ) as Record<string, ValidateFunction>;
      this.precompiled.set(group, module);
    }
    return module;
  }

  private loadKinds(): BuiltInKinds {
    if (!this.builtInKinds) {
      const kinds = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'dist', 'schemas', 'kubernetes-kinds.json'), 'utf8')) as BuiltInKinds;
      this.builtInKinds = kinds;
      this.builtInGroups = new Set(Object.keys(kinds.kinds).map((key) => groupOf(key.slice(0, key.lastIndexOf('/')))));
    }
    return this.builtInKinds;
  }

  private loadDefinitions(): Record<string, unknown> {
    this.builtInDefinitions ??= (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas', 'kubernetes.json'), 'utf8')) as BuiltInSchemas).definitions;
    return this.builtInDefinitions;
  }
}
