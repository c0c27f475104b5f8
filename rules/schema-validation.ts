import { closestName } from '../src/engine/closest-name.js';
import { formatKubernetesVersion } from '../src/kubernetes/kubernetes-version.js';
import type { ResourceRule } from '../src/engine/rule.js';
import { isApiVersion, type RemovedApi } from '../src/schemas/removed-apis.js';
import { groupOf, isClientSideConfig } from '../src/schemas/schema-registry.js';
import type { SchemaProblem } from '../src/schemas/schema-messages.js';

function replacementText(removed: RemovedApi): string {
  return isApiVersion(removed.replacement) ? `\`${removed.replacement}\` (check its fields: they can differ)` : removed.replacement;
}

const TYPE_FIELDS = ['apiVersion', 'kind'] as const;

/**
 * Whether a mapping is meant as a Kubernetes object: it has a `kind`, or an `apiVersion` with `metadata`.
 * Other YAML is not ours to judge: Helm values and compose files have neither, a Helm Chart.yaml has an
 * apiVersion but no kind and no metadata.
 */
function isMeantAsObject(object: Record<string, unknown>): boolean {
  return 'kind' in object || ('apiVersion' in object && 'metadata' in object);
}

/**
 * A strategic-merge patch's directives (`$patch: delete`, `$setElementOrder/containers`, `$retainKeys`, ...)
 * are keys no schema has: kustomize reads them and they never reach the API server.
 */
function isPatchDirective(problem: SchemaProblem): boolean {
  const key = problem.path[problem.path.length - 1];
  return problem.target === 'key' && typeof key === 'string' && key.startsWith('$');
}

const UNIDENTIFIED = 'without it the API server cannot tell what the object is and refuses it.';

const rule: ResourceRule = {
  meta: {
    id: 'schema-validation',
    level: 'error',
    summary: 'An object breaks the Kubernetes schema of its apiVersion and kind: unknown field, wrong type, missing field, bad value, removed API.',
    tags: ['kubernetes', 'schema', 'correctness'],
    precision: 'very-high',
    messages: {
      notAnObject:
        'This document is {{what}}, not a Kubernetes object: kubectl cannot apply it and stops at it. Remove it, or ' +
        'make it a mapping with apiVersion, kind and metadata.',
      missingTypeField: 'The object has no `{{field}}`: ' + UNIDENTIFIED,
      emptyTypeField: 'The object has an empty or non-string `{{field}}`: ' + UNIDENTIFIED,
      removedApi:
        '`{{apiVersion}}` {{kind}} is not served by Kubernetes {{target}}: it was removed in {{removedIn}}. Use {{replacement}}.',
      kindInOtherVersions: '`{{apiVersion}}` does not serve {{kind}} in Kubernetes {{target}}: use {{versions}}.',
      removedKind: '{{kind}} is not served by Kubernetes {{target}}: `{{servedAs}}` served it until it was removed in {{removedIn}}. Use {{replacement}}.',
      unknownKind: 'Kubernetes {{target}} has no kind `{{kind}}` in `{{apiVersion}}`.',
      unknownKindWithSuggestion: 'Kubernetes {{target}} has no kind `{{kind}}` in `{{apiVersion}}`: did you mean `{{suggestion}}`?',
      versionNotServed: '`{{apiVersion}}` is not served by Kubernetes {{target}}: the `{{group}}` group serves {{versions}}.',
      // The schema layer words each problem (src/schemas/schema-messages.ts, shared with the config file's check).
      schemaProblem: '{{problem}}',
    },
  },
  scope: 'resource',
  defaultOptions: {},
  check({ resource, file, settings, report }) {
    const { object, path } = resource;
    if (resource.notAnObject !== undefined) {
      // A kustomize JSON patch (RFC 6902) is a list of operations, not an object.
      if (settings.partialObjects === true && resource.notAnObject === 'a list') return;
      report({ path, messageId: 'notAnObject', data: { what: resource.notAnObject } });
      return;
    }
    if (!isMeantAsObject(object)) return;
    for (const field of TYPE_FIELDS) {
      const value = object[field];
      if (typeof value === 'string' && value.trim() !== '') continue;
      if (field in object) report({ path: [...path, field], messageId: 'emptyTypeField', data: { field } });
      else report({ path, messageId: 'missingTypeField', data: { field } });
    }
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion.trim() === '' || kind.trim() === '') return;
    if (isClientSideConfig(apiVersion)) return;
    const lookup = settings.schemas.lookup(apiVersion, kind, file);
    const target = formatKubernetesVersion(settings.kubernetesVersion);
    switch (lookup.status) {
      case 'removed': {
        const { removed } = lookup;
        report({
          path: [...path, 'apiVersion'],
          messageId: 'removedApi',
          data: { apiVersion, kind, target, removedIn: formatKubernetesVersion(removed.removedIn), replacement: replacementText(removed) },
        });
        return;
      }
      case 'not-served': {
        const group = groupOf(apiVersion) || 'core';
        const quoted = (values: readonly string[]) => values.map((value) => `\`${value}\``).join(', ');
        if (lookup.versionsOfKind.length > 0) {
          report({
            path: [...path, 'apiVersion'],
            messageId: 'kindInOtherVersions',
            data: { apiVersion, kind, target, versions: quoted(lookup.versionsOfKind) },
          });
        } else if (lookup.removedKind) {
          report({
            path: [...path, 'kind'],
            messageId: 'removedKind',
            data: {
              kind,
              target,
              // The version that served it: `policy/v1` never served PodSecurityPolicy, `policy/v1beta1` did.
              servedAs: lookup.removedKind.apiVersion,
              removedIn: formatKubernetesVersion(lookup.removedKind.removedIn),
              replacement: replacementText(lookup.removedKind),
            },
          });
        } else if (lookup.servedVersions.includes(apiVersion)) {
          const suggestion = closestName(kind, lookup.servedKinds);
          report(
            suggestion
              ? { path: [...path, 'kind'], messageId: 'unknownKindWithSuggestion', data: { target, kind, apiVersion, suggestion } }
              : { path: [...path, 'kind'], messageId: 'unknownKind', data: { target, kind, apiVersion } },
          );
        } else {
          report({
            path: [...path, 'apiVersion'],
            messageId: 'versionNotServed',
            data: { apiVersion, target, group, versions: quoted(lookup.servedVersions) },
          });
        }
        return;
      }
      case 'found':
        for (const problem of lookup.validate(object)) {
          if (settings.partialObjects === true && (problem.missing === true || isPatchDirective(problem))) continue;
          report({ path: [...path, ...problem.path], target: problem.target, messageId: 'schemaProblem', data: { problem: problem.message } });
        }
        return;
      case 'missing':
      case 'unusable':
        // missing-schema says so.
        return;
    }
  },
};

export default rule;
