import type { Options } from 'ajv';

/**
 * One set of ajv options for the validators precompiled at build time and those compiled at run time (custom
 * resources), so that both report errors alike: every error (not the first), with the schema and data that
 * failed (for messages), formats not enforced (the API server checks few), and unoptimised code, which
 * compiles several times faster and validates manifests no slower that anyone notices. `.inf` and `.nan` are no
 * number and no integer (strictNumbers): kubectl cannot even turn them into JSON.
 */
export const KUBERNETES_AJV_OPTIONS = {
  allErrors: true,
  strictNumbers: true,
  verbose: true,
  strict: false,
  validateFormats: false,
  code: { optimize: false, lines: false },
} satisfies Options;
