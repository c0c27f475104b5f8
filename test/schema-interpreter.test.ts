import AjvModule, { type ErrorObject } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_AJV_OPTIONS } from '../src/schemas/ajv-options.js';
import { re2Engine } from '../src/schemas/input-patterns.js';
import { interpretable, SchemaInterpreter, type InterpreterSources, type SchemaNode } from '../src/schemas/schema-interpreter.js';
import { lintText } from '../src/engine/api.js';
import { widget, widgetCrd } from './crd-manifests.js';

/*
 * The schema interpreter must say what ajv says: the same errors (keyword, place, parameters, words, value), in
 * the same order, for every schema it agrees to walk. Random schemas over the keywords it walks (and the
 * annotations it skips), random data shaped to meet them, compared with ajv compiled with the options the
 * registry gives it. FUZZ_SEED and FUZZ_RUNS explore other draws locally.
 */

const Ajv = AjvModule.default;
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 400);

const KEYS = ['a', 'b', 'c', 'x/y', 't~'];
const STRINGS = ['', 'a', 'ab', 'abc', 'A', 'b1', '\u{1F600}x', '42'];
const PATTERNS = ['^a', 'b$', '^[a-c]+$', '(?i)^A', '^\\d+$', '^(a+)+$'];
const TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];

const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...STRINGS),
    fc.integer({ min: -3, max: 12 }),
    fc.constantFrom(0.5, 2.5, -1.5, 1e21, Number.POSITIVE_INFINITY, Number.NaN),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS, 'd'), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

const limit = fc.integer({ min: 0, max: 3 });

const schema: fc.Arbitrary<SchemaNode> = fc.letrec<{ schema: SchemaNode }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.boolean(),
    fc.record(
      {
        type: fc.oneof(fc.constantFrom(...TYPES), fc.uniqueArray(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 3 })),
        enum: fc.array(json, { minLength: 1, maxLength: 3 }),
        properties: fc.dictionary(fc.constantFrom(...KEYS), tie('schema'), { maxKeys: 3, noNullPrototype: true }),
        required: fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 3 }),
        additionalProperties: tie('schema'),
        items: tie('schema'),
        maximum: fc.integer({ min: -2, max: 10 }),
        minimum: fc.integer({ min: -2, max: 10 }),
        exclusiveMaximum: fc.integer({ min: -2, max: 10 }),
        exclusiveMinimum: fc.integer({ min: -2, max: 10 }),
        multipleOf: fc.constantFrom(1, 2, 0.5, 3),
        maxLength: limit,
        minLength: limit,
        pattern: fc.constantFrom(...PATTERNS),
        format: fc.constantFrom('int32', 'int64', 'date-time', 'byte'),
        maxItems: limit,
        minItems: limit,
        maxProperties: limit,
        minProperties: limit,
        anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }),
        oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }),
        allOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }),
        not: tie('schema'),
        description: fc.constant('annotation'),
        'x-kubernetes-list-type': fc.constant('atomic'),
      },
      { requiredKeys: [] },
    ),
  ),
})).schema;

/** What a message is made of: schemaPath is left out (the interpreter does not track it; no message reads it). */
const shape = (errors: readonly ErrorObject[]) => errors.map(({ keyword, instancePath, params, message, data }) => ({ keyword, instancePath, params, message, data }));

function ajvFor(): InstanceType<typeof Ajv> {
  return new Ajv({ ...KUBERNETES_AJV_OPTIONS, loopEnum: 50, code: { ...KUBERNETES_AJV_OPTIONS.code, regExp: re2Engine(() => {}) } });
}

const sources: InterpreterSources = {
  resolve: () => undefined,
  pattern: (pattern) => re2Engine(() => {})(pattern),
};

describe('the schema interpreter', () => {
  it(`gives ajv's errors, in ajv's order, on random schemas and data (seed ${SEED}, ${NUM_RUNS} runs)`, () => {
    const ajv = ajvFor();
    const interpreter = new SchemaInterpreter(sources);
    let compared = 0;
    fc.assert(
      fc.property(schema, fc.array(json, { minLength: 1, maxLength: 4 }), (generated, values) => {
        fc.pre(ajv.validateSchema(generated) === true && interpretable(generated, sources));
        const validate = ajv.compile(generated);
        for (const value of values) {
          validate(value);
          expect(shape(interpreter.validate(generated, value))).toEqual(shape(validate.errors ?? []));
        }
        compared++;
      }),
      { seed: SEED, numRuns: NUM_RUNS },
    );
    // The preconditions must leave most draws to compare, or the property says little.
    expect(compared).toBeGreaterThan(NUM_RUNS / 2);
  });

  it('leaves to ajv the schemas with keywords it does not walk, or refs it cannot resolve', () => {
    expect(interpretable({ type: 'object', patternProperties: { '^a': { type: 'string' } } }, sources)).toBe(false);
    expect(interpretable({ items: [{ type: 'string' }] }, sources)).toBe(false);
    expect(interpretable({ properties: { a: { $ref: '#/definitions/a' } } }, sources)).toBe(false);
    expect(interpretable({ enum: [] }, sources)).toBe(false);
    expect(interpretable({ properties: { a: { uniqueItems: true } } }, sources)).toBe(false);
    expect(interpretable({ type: 'object', properties: { a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self != ""' }] } } }, sources)).toBe(true);
  });

  it('checks custom resources against their CRD as ajv did: metadata through the built-in ObjectMeta, patterns on RE2', () => {
    const crd = widgetCrd({ size: '{type: integer, minimum: 1}', name: "{type: string, pattern: '^(a+)+$'}" });
    const text = `${crd}${widget(`  size: 0\n  name: ${'a'.repeat(80)}b\n  colour: red\n`).replace('  name: w\n', '  name: w\n  labels: {team: 7}\n')}`;
    const report = lintText(text, { filePath: 'widget.yaml' });
    const lineOf = (marker: string) => text.slice(0, text.indexOf(marker)).split('\n').length;
    const findings = report.files[0]!.findings.filter((finding) => finding.ruleId === 'schema-validation').map((finding) => `${finding.region.start.line}: ${finding.message}`);
    const expected = [
      `${lineOf('team: 7')}: \`metadata.labels.team\` must be a string, got the number 7`,
      `${lineOf('size: 0')}: \`spec.size\` must be >= 1, got the number 0`,
      `${lineOf('name: aaa')}: \`spec.name\` must match the pattern \`^(a+)+$\``,
      `${lineOf('colour: red')}: \`spec.colour\` is not a field of Widget`,
    ];
    // Each message as far as the expected words go (the rest says what was found, and how to fix it).
    expect(findings.map((finding, index) => finding.slice(0, expected[index]?.length))).toEqual(expected);
  });
});
