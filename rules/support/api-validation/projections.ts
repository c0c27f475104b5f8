import type { JsonPath } from '../../../src/yaml/json-path.js';
import { arrayOrEmpty, isPlainObject, objectOrUndefined, type PlainObject } from '../../../src/kubernetes/values.js';
import type { ApiCheckContext } from './context.js';
import { VOLUME_READER, checkFieldRef, checkResourceFieldRef } from './downward-api.js';
import { FILE_MODE_MESSAGE, fileModeFix, isBadFileMode, listOf, localNonReservedPathProblems } from './formats.js';

/*
 * The files a volume projects into a container: `items` of secret and configMap volumes (validateKeyToPath),
 * downwardAPI files (validateDownwardAPIVolumeFile) and the sources of a projected volume
 * (validateProjectionSources). Where the API server's field path lacks the item's index (a downwardAPI file's
 * errors name `downwardAPI.path`, a projected volume's duplicate paths name `projected`), the finding points at
 * the item's own field: the node the message is about.
 */

/** A projected file's place, for messages: "Volume `config`, item 2". */
export interface Owner {
  context: ApiCheckContext;
  /** `Volume \`config\``. */
  label: string;
}

/** A `mode` or `defaultMode` outside 0–0777. */
export function checkFileMode(owner: Owner, holder: PlainObject, path: JsonPath, field: 'mode' | 'defaultMode'): void {
  const mode = holder[field];
  if (!isBadFileMode(mode)) return;
  owner.context.reject({
    path: [...path, field],
    type: 'Invalid value',
    detail: `${owner.label}: ${field} ${mode} is not a file mode: "${FILE_MODE_MESSAGE}"`,
    fix: fileModeFix(mode),
  });
}

/** A file's relative path inside the volume; returns the path when it is a usable string, for duplicate checks. */
function checkRelativePath(owner: Owner, holder: PlainObject, path: JsonPath, what: string): string | undefined {
  const value = holder.path;
  if (typeof value !== 'string') return undefined;
  if (value === '') {
    owner.context.reject({
      path: [...path, 'path'],
      type: 'Required value',
      detail: `${owner.label}: ${what} has an empty path`,
      fix: 'Name the file, relative to the mount point (e.g. `tls.crt`).',
    });
    return undefined;
  }
  const problems = localNonReservedPathProblems(value);
  if (problems.length > 0) {
    owner.context.reject({
      path: [...path, 'path'],
      type: 'Invalid value',
      detail: `${owner.label}: ${what} has path \`${value}\`: ${problems.map((problem) => `"${problem}"`).join(', ')}`,
      fix:
        'The path is relative to the mount point and stays inside it; names starting with `..` are reserved for ' +
        "the kubelet's own files.",
    });
  }
  return value;
}

/** One `items` entry of a secret or configMap (a KeyToPath). */
export function checkKeyToPath(owner: Owner, item: PlainObject, path: JsonPath): string | undefined {
  if (item.key === '') {
    owner.context.reject({
      path: [...path, 'key'],
      type: 'Required value',
      detail: `${owner.label}: an item has an empty key`,
      fix: 'Name the key of the Secret or ConfigMap to project.',
    });
  }
  const relative = checkRelativePath(owner, item, path, 'an item');
  checkFileMode(owner, item, path, 'mode');
  return relative;
}

/** One downwardAPI file, of a downwardAPI volume or a projected volume's downwardAPI source. */
export function checkDownwardApiFile(owner: Owner, item: PlainObject, path: JsonPath): string | undefined {
  const relative = checkRelativePath(owner, item, path, 'a downwardAPI file');
  const fieldRef = objectOrUndefined(item.fieldRef);
  const resourceFieldRef = objectOrUndefined(item.resourceFieldRef);
  if (fieldRef !== undefined) {
    checkFieldRef(owner.context, VOLUME_READER, `${owner.label}: the fieldRef of a downwardAPI file`, fieldRef, [...path, 'fieldRef']);
    if (resourceFieldRef !== undefined) {
      owner.context.reject({
        path: [...path, 'resourceFieldRef'],
        target: 'key',
        type: 'Invalid value',
        detail: `${owner.label}: a downwardAPI file sets both fieldRef and resourceFieldRef: "fieldRef and resourceFieldRef can not be specified simultaneously"`,
        fix: 'Project each into a file of its own.',
      });
    }
  } else if (resourceFieldRef !== undefined) {
    checkResourceFieldRef(owner.context, VOLUME_READER, `${owner.label}: the resourceFieldRef of a downwardAPI file`, resourceFieldRef, [...path, 'resourceFieldRef']);
  } else if (!('fieldRef' in item) && !('resourceFieldRef' in item)) {
    owner.context.reject({
      path,
      type: 'Required value',
      detail: `${owner.label}: a downwardAPI file has neither fieldRef nor resourceFieldRef: "one of fieldRef and resourceFieldRef is required"`,
      fix: 'Say what the file holds, e.g. `fieldRef: { fieldPath: metadata.labels }`.',
    });
  }
  checkFileMode(owner, item, path, 'mode');
  return relative;
}

/** The items of a secret, configMap or downwardAPI source; reports duplicate paths into `seen` when given. */
export function checkItems(
  owner: Owner,
  holder: PlainObject,
  path: JsonPath,
  check: (owner: Owner, item: PlainObject, path: JsonPath) => string | undefined,
  seen?: Set<string>,
): void {
  arrayOrEmpty(holder.items).forEach((item, index) => {
    if (!isPlainObject(item)) return;
    const itemPath = [...path, 'items', index];
    const relative = check(owner, item, itemPath);
    if (seen === undefined || relative === undefined) return;
    if (seen.has(relative)) {
      owner.context.reject({
        path: [...itemPath, 'path'],
        type: 'Invalid value',
        detail: `${owner.label}: two sources project a file to \`${relative}\`: "conflicting duplicate paths"`,
        fix: 'Give each projected file a path of its own.',
      });
    }
    seen.add(relative);
  });
}

const PROJECTION_KINDS = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'] as const;
const TEN_MINUTES = 600;
const TWO_TO_32 = 2 ** 32;

function checkServiceAccountToken(owner: Owner, token: PlainObject, path: JsonPath): void {
  const expiration = token.expirationSeconds;
  if (typeof expiration === 'number' && expiration < TEN_MINUTES) {
    owner.context.reject({
      path: [...path, 'expirationSeconds'],
      type: 'Invalid value',
      detail: `${owner.label}: serviceAccountToken expirationSeconds ${expiration}: "may not specify a duration less than 10 minutes"`,
      fix: 'Use 600 or more (the default is 3600); the kubelet refreshes the token well before it expires.',
    });
  } else if (typeof expiration === 'number' && expiration > TWO_TO_32) {
    owner.context.reject({
      path: [...path, 'expirationSeconds'],
      type: 'Invalid value',
      detail: `${owner.label}: serviceAccountToken expirationSeconds ${expiration}: "may not specify a duration larger than 2^32 seconds"`,
    });
  }
  checkRelativePath(owner, token, path, 'the serviceAccountToken');
}

/** A projected volume's sources: one kind each, named references, files, and no path projected twice. */
export function checkProjectedSources(owner: Owner, projected: PlainObject, path: JsonPath): void {
  checkFileMode(owner, projected, path, 'defaultMode');
  const seen = new Set<string>();
  arrayOrEmpty(projected.sources).forEach((source, index) => {
    if (!isPlainObject(source)) return;
    const sourcePath = [...path, 'sources', index];
    const kinds = PROJECTION_KINDS.filter((kind) => isPlainObject(source[kind]));
    if (kinds.length > 1) {
      owner.context.reject({
        path: sourcePath,
        type: 'Forbidden',
        detail: `${owner.label}: projected source ${index} sets ${listOf(kinds, 'and')}: "may not specify more than 1 volume type per source"`,
        fix: 'Make each of them a source of its own (a new `- ` entry).',
      });
    }
    for (const kind of ['secret', 'configMap'] as const) {
      const reference = objectOrUndefined(source[kind]);
      if (reference === undefined) continue;
      if (reference.name === undefined || reference.name === '') {
        owner.context.reject({
          path: reference.name === undefined ? [...sourcePath, kind] : [...sourcePath, kind, 'name'],
          type: 'Required value',
          detail: `${owner.label}: projected ${kind} source ${index} names no ${kind === 'secret' ? 'Secret' : 'ConfigMap'}`,
          fix: 'Set `name`.',
        });
      }
      checkItems(owner, reference, [...sourcePath, kind], checkKeyToPath, seen);
    }
    const downward = objectOrUndefined(source.downwardAPI);
    if (downward !== undefined) checkItems(owner, downward, [...sourcePath, 'downwardAPI'], checkDownwardApiFile, seen);
    const token = objectOrUndefined(source.serviceAccountToken);
    if (token !== undefined) checkServiceAccountToken(owner, token, [...sourcePath, 'serviceAccountToken']);
  });
}
