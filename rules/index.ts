// Written by scripts/generate.mjs from the files of rules/: do not edit.
import type { Rule } from '../src/engine/rule.js';
import apiValidation from './api-validation.js';
import duplicateContainerName from './duplicate-container-name.js';
import duplicateMountPath from './duplicate-mount-path.js';
import duplicateVolumeName from './duplicate-volume-name.js';
import emptydirInvalidMedium from './emptydir-invalid-medium.js';
import emptydirMemoryWithoutSizeLimit from './emptydir-memory-without-size-limit.js';
import invalidSubPath from './invalid-sub-path.js';
import jobBlockingSidecar from './job-blocking-sidecar.js';
import logDirMountHidesStdout from './log-dir-mount-hides-stdout.js';
import mainContainerFirst from './main-container-first.js';
import missingSchema from './missing-schema.js';
import nativeSidecarUnsupported from './native-sidecar-unsupported.js';
import readOnlySharedVolume from './read-only-shared-volume.js';
import restartPolicyOnContainer from './restart-policy-on-container.js';
import schemaValidation from './schema-validation.js';
import sidecarReadsUnmountedPath from './sidecar-reads-unmounted-path.js';
import undeclaredVolumeMount from './undeclared-volume-mount.js';
import unknownDefaultContainer from './unknown-default-container.js';
import unsharedVolume from './unshared-volume.js';
import unusedVolume from './unused-volume.js';
import yamlSyntax from './yaml-syntax.js';

/** Every rule, sorted by id: the order of `--list-rules`, the README table and SARIF's `rules`. */
export const RULES: readonly Rule[] = [
  apiValidation,
  duplicateContainerName,
  duplicateMountPath,
  duplicateVolumeName,
  emptydirInvalidMedium,
  emptydirMemoryWithoutSizeLimit,
  invalidSubPath,
  jobBlockingSidecar,
  logDirMountHidesStdout,
  mainContainerFirst,
  missingSchema,
  nativeSidecarUnsupported,
  readOnlySharedVolume,
  restartPolicyOnContainer,
  schemaValidation,
  sidecarReadsUnmountedPath,
  undeclaredVolumeMount,
  unknownDefaultContainer,
  unsharedVolume,
  unusedVolume,
  yamlSyntax,
];
