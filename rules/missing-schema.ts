import type { ResourceRule } from '../src/engine/rule.js';
import { isClientSideConfig } from '../src/schemas/schema-registry.js';

const rule: ResourceRule = {
  meta: {
    id: 'missing-schema',
    level: 'note',
    summary:
      'No usable schema is available for a kind (a custom resource with no CRD in the input and no schema location), so its fields were not checked; or a part of its schema cannot be checked.',
    tags: ['kubernetes', 'schema'],
    precision: 'very-high',
    messages: {
      unusable: '{{reason}}, so the fields of `{{apiVersion}}` {{kind}} were not checked.',
      missing:
        'No schema for `{{apiVersion}}` {{kind}}, so its fields were not checked. Lint its CustomResourceDefinition ' +
        "together with it, or point --schema-location at a folder of JSON schemas (kubeconform's layout works).",
      partial: '{{note}}; the rest of `{{apiVersion}}` {{kind}} was checked.',
    },
  },
  scope: 'resource',
  defaultOptions: {},
  check({ resource, file, settings, report }) {
    const { apiVersion, kind } = resource.object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') return;
    if (isClientSideConfig(apiVersion)) return;
    const lookup = settings.schemas.lookup(apiVersion, kind, file);
    if (lookup.status === 'unusable') {
      const reason = `${lookup.reason[0]?.toUpperCase() ?? ''}${lookup.reason.slice(1)}`;
      report({ path: [...resource.path, 'kind'], messageId: 'unusable', data: { reason, apiVersion, kind } });
      return;
    }
    if (lookup.status === 'found') {
      // A pattern RE2 cannot run in bounded time (input-patterns.ts) accepts every value: said, not hidden.
      for (const note of lookup.notes ?? []) {
        report({ path: [...resource.path, 'kind'], messageId: 'partial', data: { note: `${note[0]?.toUpperCase() ?? ''}${note.slice(1)}`, apiVersion, kind } });
      }
      return;
    }
    if (lookup.status !== 'missing') return;
    report({ path: [...resource.path, 'kind'], messageId: 'missing', data: { apiVersion, kind } });
  },
};

export default rule;
