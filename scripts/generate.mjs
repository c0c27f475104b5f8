#!/usr/bin/env node
// What is derived from the rules, written from them so that adding a rule touches the rule, its doc and its fixtures
// only: `index` writes rules/index.ts (every rules/<id>.ts, sorted by id); `docs`, after tsc, writes the README's rules
// table and the config schema's rule ids and per-rule options from the compiled rules' meta. `npm run build` runs
// both; .ci/run fails when the committed files are not what this writes.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const rulesDir = path.join(root, 'rules');
const ids = readdirSync(rulesDir)
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.slice(0, -3))
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const identifier = (id) => id.replace(/-([a-z0-9])/g, (_, char) => char.toUpperCase());

function writeIfChanged(file, text) {
  let old;
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    old = undefined;
  }
  if (old !== text) writeFileSync(file, text);
}

function writeIndex() {
  const lines = [
    '// Written by scripts/generate.mjs from the files of rules/: do not edit.',
    "import type { Rule } from '../src/engine/rule.js';",
    ...ids.map((id) => `import ${identifier(id)} from './${id}.js';`),
    '',
    '/** Every rule, sorted by id: the order of `--list-rules`, the README table and SARIF\'s `rules`. */',
    'export const RULES: readonly Rule[] = [',
    ...ids.map((id) => `  ${identifier(id)},`),
    '];',
    '',
  ];
  writeIfChanged(path.join(rulesDir, 'index.ts'), lines.join('\n'));
}

async function writeDocs() {
  const { RULES } = await import(pathToFileURL(path.join(root, 'dist', 'rules', 'index.js')).href);
  const table = [
    '| rule | level | catches |',
    '|---|---|---|',
    ...RULES.map((rule) => `| [\`${rule.meta.id}\`](rules/${rule.meta.id}.md) | ${rule.meta.level} | ${rule.meta.summary} |`),
  ].join('\n');
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  writeIfChanged(readmePath, readme.replace(/(<!-- rules-table:start -->\n)[\s\S]*?(\n<!-- rules-table:end -->)/, `$1${table}$2`));

  const schemaPath = path.join(root, 'schemas', 'config.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const rules = schema.properties.rules;
  rules.propertyNames = { enum: RULES.map((rule) => rule.meta.id) };
  rules.properties = Object.fromEntries(
    RULES.flatMap((rule) => {
      if (rule.meta.fatal) {
        return [[rule.meta.id, { not: {}, description: `${rule.meta.id} cannot be turned off or changed: a document that was not read was not checked.` }]];
      }
      if (!rule.meta.optionsSchema) return [];
      return [[rule.meta.id, { oneOf: [{ $ref: '#/definitions/level' }, { type: 'object', additionalProperties: false, properties: { level: { $ref: '#/definitions/level' }, options: rule.meta.optionsSchema } }] }]];
    }),
  );
  writeIfChanged(schemaPath, `${JSON.stringify(schema, null, 2)}\n`);
}

const phase = process.argv[2];
if (phase === 'index') writeIndex();
else if (phase === 'docs') await writeDocs();
else {
  console.error('usage: node scripts/generate.mjs index|docs');
  process.exit(2);
}
