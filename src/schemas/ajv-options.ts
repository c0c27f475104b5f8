import type { FormatDefinition, Options } from 'ajv';
import { isGoBase64 } from '../kubernetes/go-base64.js';

/**
 * One set of ajv options for the validators precompiled at build time and those compiled at run time (custom
 * resources), so that both report errors alike: every error (not the first), with the schema and data that
 * failed (for messages), formats not enforced (but the built-in kinds' int32, int64 and byte: BUILT_IN_AJV_OPTIONS), and unoptimised code, which
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

/** The ranges of the integer formats, as Kubernetes writes them and as doubles can check them. */
export const INTEGER_RANGES = {
  int32: { text: '-2147483648 to 2147483647', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 },
  /*
   * 2^63 - 1 (the largest int64) and 2^63 (the smallest number past it) read as the same double, 2^63: it is let
   * through, as a finding must be true. So a number is refused from the first double past 2^63 on (2^63 + 2048: the
   * text 9223372036854776833 is the smallest that reads as it), and below -2^63 from -2^63 - 2048 on. crd-schemas.ts
   * draws the same line for custom resources.
   */
  int64: { text: '-9223372036854775808 to 9223372036854775807', minimum: -(2 ** 63), maximum: 2 ** 63 },
} as const;

const within = (range: { minimum: number; maximum: number }) => (value: number) =>
  // `.inf` and `.nan` are the type check's (strictNumbers): one problem, not two.
  !Number.isFinite(value) || (value >= range.minimum && value <= range.maximum);

/**
 * The formats the Kubernetes OpenAPI spec gives the fields whose Go type is narrower than JSON's: int32 and int64
 * integers, which refuse a number out of their range ("cannot unmarshal number 3000000000 into Go struct field ... of
 * type int32"), and `byte`, a `[]byte` that the API server decodes from base64. The type check says whether the
 * value is an integer, or a string, at all.
 */
export const DECODED_FORMATS = {
  int32: { type: 'number', validate: within(INTEGER_RANGES.int32) },
  int64: { type: 'number', validate: within(INTEGER_RANGES.int64) },
  byte: { type: 'string', validate: isGoBase64 },
} satisfies Record<string, FormatDefinition<number> | FormatDefinition<string>>;

/**
 * The options of the built-in validators (scripts/build-validators.mjs): the shared ones, with the formats above
 * checked. The schemas of built-in kinds carry no other format. Custom resources keep KUBERNETES_AJV_OPTIONS: the API
 * server checks no format of a number in a custom resource (kube-openapi validates formats of strings only, and an
 * integer passes `format: int32` whatever its size), so a CRD's `format: int32` is not enforced; its integers are
 * kept within int64 by crd-schemas.ts, as the API server's JSON decoding does.
 */
export const BUILT_IN_AJV_OPTIONS = {
  ...KUBERNETES_AJV_OPTIONS,
  validateFormats: true,
  formats: DECODED_FORMATS,
} satisfies Options;
