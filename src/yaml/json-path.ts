/** A path from the root of a YAML document to one of its nodes: keys of mappings and indexes of sequences. */
export type JsonPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats a path the way kubectl's JSONPath and people write it:
 * `spec.template.spec.containers[0].name`, with bracket-quoting for keys such as
 * `metadata.annotations["kubectl.kubernetes.io/default-container"]`.
 */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Whether `path` is `prefix` or lies under it. */
export function isUnderPath(path: JsonPath | undefined, prefix: JsonPath): boolean {
  return path !== undefined && prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}
