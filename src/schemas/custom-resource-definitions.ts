import { resourcesOf } from '../kubernetes/resources.js';
import { readManifest } from '../yaml/manifest-reader.js';
import { SourceText } from '../yaml/source-text.js';
import type { SchemaRegistry } from './schema-registry.js';

const CRD_KIND = 'CustomResourceDefinition';

/**
 * Registers the CustomResourceDefinitions of one file's text, so that custom resources anywhere in the input
 * are validated against them, whichever file comes first. Only files that mention the kind are parsed.
 */
export function registerCustomResourceDefinitions(registry: SchemaRegistry, file: string, text: string): void {
  if (!text.includes(CRD_KIND)) return;
  // Values only: the fast reader, with the precise one where it must (positions are not needed here).
  for (const document of readManifest(SourceText.from(text)).documents) {
    for (const resource of resourcesOf(document.value)) {
      const { apiVersion, kind } = resource.object;
      if (kind === CRD_KIND && typeof apiVersion === 'string' && apiVersion.startsWith('apiextensions.k8s.io/')) {
        registry.addCustomResourceDefinition(resource.object, file);
      }
    }
  }
}
