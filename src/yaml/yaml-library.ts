import type * as Yaml from 'yaml';
import { yamlLibrary } from '../libraries/lazy.js';

/*
 * The functions of the `yaml` package this project calls, with the package's own names and types, each loading the
 * package on its first call (src/libraries/lazy.ts): most runs never read a file with it.
 */

export const parseAllDocuments = ((source: string, options?: Yaml.ParseOptions & Yaml.DocumentOptions & Yaml.SchemaOptions) =>
  yamlLibrary().parseAllDocuments(source, options)) as typeof Yaml.parseAllDocuments;

export const isAlias = ((node: unknown) => yamlLibrary().isAlias(node)) as typeof Yaml.isAlias;
export const isCollection = ((node: unknown) => yamlLibrary().isCollection(node)) as typeof Yaml.isCollection;
export const isMap = ((node: unknown) => yamlLibrary().isMap(node)) as typeof Yaml.isMap;
export const isScalar = ((node: unknown) => yamlLibrary().isScalar(node)) as typeof Yaml.isScalar;
export const isSeq = ((node: unknown) => yamlLibrary().isSeq(node)) as typeof Yaml.isSeq;

/** `visit`, and its `visit.BREAK` (the only one of its signals called for here), the package's own symbol. */
export const visit = ((node: Parameters<typeof Yaml.visit>[0], visitor: Parameters<typeof Yaml.visit>[1]) =>
  yamlLibrary().visit(node, visitor)) as typeof Yaml.visit;
Object.defineProperty(visit, 'BREAK', { get: () => yamlLibrary().visit.BREAK });
