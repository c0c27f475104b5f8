import { resourcesOf } from '../kubernetes/resources.js';
import type { PlainObject } from '../kubernetes/values.js';
import { readManifest } from '../yaml/manifest-reader.js';
import { SourceText } from '../yaml/source-text.js';
import type { SchemaRegistry } from './schema-registry.js';

const CRD_KIND = 'CustomResourceDefinition';

/**
 * Registers the CustomResourceDefinitions of one file's text, so that custom resources anywhere in the input
 * are validated against them, whichever file comes first. Only files that mention the kind are kept, and the
 * registry reads one only when a custom resource it may define is met: most runs have none.
 */
export function registerCustomResourceDefinitions(registry: SchemaRegistry, file: string, text: string): void {
  if (text.includes(CRD_KIND)) registry.addDefinitionText(file, text);
}

/** The CustomResourceDefinitions of one file's text: values only, read with the fast reader. */
export function customResourceDefinitionsIn(text: string): PlainObject[] {
  return customResourceDefinitionsOf(readManifest(SourceText.from(text)).documents.map((document) => document.value));
}

/** The CustomResourceDefinitions among a file's documents, as read. */
export function customResourceDefinitionsOf(values: readonly unknown[]): PlainObject[] {
  const definitions: PlainObject[] = [];
  for (const value of values) {
    for (const resource of resourcesOf(value)) {
      const { apiVersion, kind } = resource.object;
      if (kind === CRD_KIND && typeof apiVersion === 'string' && apiVersion.startsWith('apiextensions.k8s.io/')) definitions.push(resource.object);
    }
  }
  return definitions;
}
