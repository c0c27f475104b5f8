import type { ResourceId } from '../engine/finding.js';
import type { JsonPath } from '../yaml/json-path.js';
import { arrayOrEmpty, isPlainObject, nameOf, objectOrUndefined, stringOrUndefined, type PlainObject } from './values.js';

/** One Kubernetes object: a document, or an item of a `List`. */
export interface Resource {
  id: ResourceId;
  /**
   * Set for a document whose value is not a mapping (a string, a number, a list): what it is, in words.
   * kubectl cannot make an object of it; `object` is then empty.
   */
  notAnObject?: string;
  /** Where the object sits in its document: `[]`, or `['items', 3]` for a List item. */
  path: JsonPath;
  object: PlainObject;
}

/** `kind: List`, and any `*List` (`PodList`, `DeploymentList`, ...) whose `items` hold objects of their own. */
function isList(object: PlainObject): boolean {
  const kind = stringOrUndefined(object.kind);
  return kind !== undefined && kind.endsWith('List') && Array.isArray(object.items);
}

/** What a non-mapping value is, for messages. */
function describeShape(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}

export function resourcesOf(value: unknown, path: JsonPath = []): Resource[] {
  // A document that is a string, a number or a list is no object: reported, unless it is empty (null).
  if (path.length === 0 && value !== null && value !== undefined && !isPlainObject(value)) {
    return [{ id: {}, path, object: {}, notAnObject: describeShape(value) }];
  }
  if (!isPlainObject(value)) return [];
  if (isList(value)) {
    return arrayOrEmpty(value.items).flatMap((item, index) => resourcesOf(item, [...path, 'items', index]));
  }
  return [{ id: resourceIdOf(value), path, object: value }];
}

function resourceIdOf(object: PlainObject): ResourceId {
  const metadata = objectOrUndefined(object.metadata);
  const id: ResourceId = {};
  const apiVersion = stringOrUndefined(object.apiVersion);
  const kind = stringOrUndefined(object.kind);
  const namespace = nameOf(metadata?.namespace);
  // A generateName object has no name until the API server makes one; `pi-*` says which it is.
  const generateName = nameOf(metadata?.generateName);
  const name = nameOf(metadata?.name) ?? (generateName !== undefined ? `${generateName}*` : undefined);
  if (apiVersion !== undefined) id.apiVersion = apiVersion;
  if (kind !== undefined) id.kind = kind;
  if (namespace !== undefined) id.namespace = namespace;
  if (name !== undefined) id.name = name;
  return id;
}
