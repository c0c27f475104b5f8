import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);

/** The SARIF 2.1.0 schema as Microsoft publishes it (draft-04), from the @microsoft/jest-sarif package. */
const schema: object = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;

// The package is CommonJS: imported from ESM, its class is the module's `default` property.
const Ajv = AjvModule.default;
const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
// Checks `uri`, `uri-reference` and `date-time` values too, so a malformed artifact uri fails the test.
formatsModule.default(ajv);
const validate = ajv.compile(schema);

/** Schema errors as readable lines; empty when the log is valid SARIF 2.1.0. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
