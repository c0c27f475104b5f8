import type { Rule } from '../src/rule.js';
import emptydirInvalidMedium from './emptydir-invalid-medium.js';
import emptydirMemoryWithoutSizeLimit from './emptydir-memory-without-size-limit.js';
import mainContainerFirst from './main-container-first.js';
import undeclaredVolumeMount from './undeclared-volume-mount.js';
import unknownDefaultContainer from './unknown-default-container.js';
import unsharedVolume from './unshared-volume.js';
import unusedVolume from './unused-volume.js';
import yamlSyntax from './yaml-syntax.js';

/** Every rule, sorted by id: the order of `--list-rules`, the README table and SARIF's `rules`. */
export const RULES: readonly Rule[] = [
  emptydirInvalidMedium,
  emptydirMemoryWithoutSizeLimit,
  mainContainerFirst,
  undeclaredVolumeMount,
  unknownDefaultContainer,
  unsharedVolume,
  unusedVolume,
  yamlSyntax,
];
