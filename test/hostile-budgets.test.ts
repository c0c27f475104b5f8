import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatters, lintFiles, lintText } from '../src/index.js';
import type { Finding } from '../src/engine/finding.js';
import { POD_SPEC_PATH_SYNTAX } from '../src/kubernetes/workloads.js';
import { MAX_NODES_PER_FILE } from '../src/yaml/manifest-reader.js';
import { BROKEN_MOUNT } from './manifests.js';
import { widget, widgetCrd } from './crd-manifests.js';

/*
 * Budgets of time and memory on hostile input (issue 13), in-process through the engine's API. Each bound is many
 * times what the fixed code takes on a loaded 2-core machine, and far below what the unfixed code took (a hang, a
 * quadratic run of minutes, gigabytes). Each class is tested on inputs of its own shape, not on one reproduction.
 */

/** Runs `work` and says how long it took. */
function timed<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

const findingsOf = (text: string): Finding[] => lintText(text).files[0]?.findings ?? [];
const summary = (findings: readonly Finding[]) => findings.map((finding) => `${finding.region.start.line}:${finding.region.start.column} ${finding.ruleId}`);


describe('CRD patterns run in linear time (RE2, as the API server)', () => {
  it('checks a backtracking pattern on a long value at once, as the API server does', () => {
    const crd = widgetCrd({ name: "{type: string, pattern: '^(a+)+$'}", other: "{type: string, pattern: '^(x+x+)+y$'}" });
    for (const length of [40, 10_000, 100_000]) {
      const { result, ms } = timed(() => findingsOf(crd + widget(`  name: ${'a'.repeat(length)}b\n  other: ${'x'.repeat(length)}\n`)));
      expect(ms).toBeLessThan(5_000);
      expect(result.filter((finding) => finding.ruleId === 'schema-validation').map((finding) => finding.message.split(', got')[0])).toEqual([
        '`spec.name` must match the pattern `^(a+)+$`',
        '`spec.other` must match the pattern `^(x+x+)+y$`',
      ]);
    }
  });

  it('reads RE2 syntax JavaScript does not, and leaves a pattern RE2 refuses unchecked without failing the schema', () => {
    const crd = widgetCrd({
      name: "{type: string, pattern: '(?i)^web-[a-z]+$'}",
      look: "{type: string, pattern: '^(?=x)x$'}",
      count: '{type: integer}',
    });
    const findings = findingsOf(crd + widget('  name: WEB-Front\n  look: z\n  count: two\n') + widget('  name: db\n', 'v'));
    // The pattern RE2 refuses is said, once for each Widget (missing-schema, a note), and the rest is checked.
    const unchecked = 'The pattern `^(?=x)x$` of Widget from <text> is not checked: RE2 cannot read it';
    expect(findings.map((finding) => finding.message.split(', got')[0]?.split(' (error parsing')[0])).toEqual([
      unchecked,
      '`spec.count` must be an integer',
      unchecked,
      '`spec.name` must match the pattern `(?i)^web-[a-z]+$`',
    ]);
  });

  it('leaves unchecked a pattern whose program is too large to run in bounded time, and says so in the lookup', () => {
    const big = '[a-z]{1000}'.repeat(8);
    const crd = widgetCrd({ name: `{type: string, pattern: '^${big}$'}` });
    const { result, ms } = timed(() => findingsOf(crd + widget(`  name: ${'a'.repeat(200_000)}\n`)));
    expect(ms).toBeLessThan(5_000);
    expect(result.filter((finding) => finding.ruleId === 'schema-validation')).toEqual([]);
  });
});

describe('CRD schemas compile in bounded time', () => {
  it('notes a schema nested hundreds of levels deep as unusable, and validates nothing into a stack overflow', () => {
    // 500 nested mappings in flow style: the reader follows them; every validator recursed past the stack.
    const schema = Array.from({ length: 500 }).reduce<string>((inner) => `{type: object, properties: {a: ${inner}}}`, '{type: string}');
    const data = Array.from({ length: 500 }).reduce<string>((inner) => `{a: ${inner}}`, 'x');
    const findings = findingsOf(widgetCrd({ deep: schema }) + widget(`  deep: ${data}\n`));
    expect(findings.filter((finding) => finding.ruleId === 'internal-error')).toEqual([]);
    expect(findings.map((finding) => `${finding.ruleId}: ${finding.message}`)).toEqual([
      expect.stringMatching(/^missing-schema: The schema for Widget from <text> cannot be used: it nests deeper than 200 levels/),
    ]);
  });

  /** A CRD whose spec schema nests `levels` levels of four properties, each level an alias of the one below. */
  function aliasedCrd(levels: number): string {
    let anchors = '  x-s0: &s0 {type: object, properties: {a: {type: string}, b: {type: string}, c: {type: string}, d: {type: string}}}\n';
    for (let level = 1; level < levels; level++) {
      anchors += `  x-s${level}: &s${level} {type: object, properties: {a: *s${level - 1}, b: *s${level - 1}, c: *s${level - 1}, d: *s${level - 1}}}\n`;
    }
    return widgetCrd({ inner: `*s${levels - 1}` }).replace('  name: widgets.example.com\n', `  name: widgets.example.com\n${anchors}`);
  }

  it.each([6, 7, 8])('says a schema that aliases double %i times over is too large to compile, at once', (levels) => {
    const { result, ms } = timed(() => findingsOf(aliasedCrd(levels) + widget('  inner: {a: {a: 1}}\n')));
    expect(ms).toBeLessThan(3_000);
    const notes = result.filter((finding) => finding.ruleId === 'missing-schema' || finding.ruleId === 'yaml-syntax').map((finding) => finding.message);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/too large for sidecar-lint to compile|alias/);
  });

  it('says a schema far larger than any CRD is too large to compile, and still checks a schema of real size', () => {
    const wide = Object.fromEntries(Array.from({ length: 12_000 }, (_, index) => [`p${index}`, '{type: string}']));
    const { result, ms } = timed(() => findingsOf(widgetCrd(wide) + widget('  p0: 1\n')));
    expect(ms).toBeLessThan(5_000);
    expect(result.map((finding) => finding.ruleId)).toEqual(['missing-schema']);
    const real = Object.fromEntries(Array.from({ length: 3_000 }, (_, index) => [`p${index}`, '{type: string}']));
    expect(findingsOf(widgetCrd(real) + widget('  p0: 1\n')).map((finding) => finding.message.split(',')[0])).toEqual(['`spec.p0` must be a string']);
  });
});

describe('messages and distances stay bounded', () => {
  it('suggests no name for names longer than Kubernetes allows, at once', () => {
    const crd = widgetCrd({ ['a'.repeat(30_000)]: '{type: string}', replicas: '{type: integer}' });
    const { result, ms } = timed(() => findingsOf(crd + widget(`  ? ${'b'.repeat(30_000)}\n  : x\n  replics: 2\n`)));
    expect(ms).toBeLessThan(5_000);
    const messages = result.filter((finding) => finding.ruleId === 'schema-validation').map((finding) => finding.message);
    expect(messages).toHaveLength(2);
    expect(messages.every((message) => message.length < 1_000)).toBe(true);
    expect(messages.some((message) => message.includes('did you mean `replicas`?'))).toBe(true);
  });

  it('caps a long enum, and every quoted value, in each message: the report stays small whatever the CRD', async () => {
    const values = Array.from({ length: 2_000 }, (_, index) => `value-${index}-${'v'.repeat(200)}`);
    const crd = widgetCrd({
      mode: `{type: string, enum: [${values.join(', ')}]}`,
      code: `{type: string, pattern: '^${'[abc]'.repeat(1_000)}$'}`,
      need: `{type: object, required: [${'r'.repeat(50_000)}]}`,
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'sidecar-lint-budgets-'));
    try {
      writeFileSync(path.join(dir, 'crd.yaml'), crd);
      const resources = Array.from({ length: 300 }, (_, index) => widget(`  mode: Value-${index}\n  code: nope\n  need: {}\n`, `w${index}`));
      writeFileSync(path.join(dir, 'widgets.yaml'), resources.join(''));
      const { result: report, ms } = await (async () => {
        const start = performance.now();
        const result = await lintFiles(['.'], { cwd: dir, configFile: false });
        return { result, ms: performance.now() - start };
      })();
      expect(ms).toBeLessThan(20_000);
      const findings = report.files.flatMap((file) => file.findings);
      expect(findings.filter((finding) => finding.ruleId !== 'schema-validation').map((finding) => finding.message.slice(0, 300))).toEqual([]);
      expect(findings.filter((finding) => finding.ruleId === 'schema-validation')).toHaveLength(900);
      expect(Math.max(...findings.map((finding) => finding.message.length))).toBeLessThan(2_000);
      const enumMessage = findings.find((finding) => finding.message.includes('must be one of'))?.message ?? '';
      expect(enumMessage).toContain('… and 1,990 more, got the string "Value-0"');
      expect((formatters.json(report, { color: false }) ?? '').length).toBeLessThan(2_000_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists at most a hundred schema problems an object, and says how many more', () => {
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: busybox\n      args: [${'1,'.repeat(199_999)}1]\n`;
    const { result, ms } = timed(() => findingsOf(pod));
    expect(ms).toBeLessThan(10_000);
    const schema = result.filter((finding) => finding.ruleId === 'schema-validation');
    expect(schema).toHaveLength(101);
    expect(schema.some((finding) => finding.message.includes('up to 199,900 more problems in this object'))).toBe(true);
  });
});

/*
 * Every regular expression literal in src/ and rules/, run on long adversarial strings of its own shape: the generic shapes
 * (runs of each character it names, of its literal words, each followed by a character that makes the match fail)
 * and, for those that run on input text, the shapes that once made them quadratic. A linear regex takes a
 * millisecond or two on 100 KB; a quadratic one takes seconds.
 */
const ADVERSARIAL_LENGTH = 100_000;
const REGEX_BOUND_MS = 250;

interface RegexLiteral {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const file = path.join(folder, entry);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

function regexLiterals(folder: string): RegexLiteral[] {
  const found: RegexLiteral[] = [];
  for (const file of sourceFiles(folder)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(source);
        const slash = text.lastIndexOf('/');
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push({ where: `${path.relative(process.cwd(), file)}:${line}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const repeatTo = (unit: string, length = ADVERSARIAL_LENGTH) => unit.repeat(Math.max(1, Math.ceil(length / unit.length)));

/** Shapes that made a regex of src/ or rules/ quadratic once, by a fragment of its source. */
const KNOWN_SHAPES: readonly { fragment: string; inputs: string[] }[] = [
  // A disable comment followed by a long run of spaces and something else.
  { fragment: 'sidecar-lint-disable', inputs: [`# sidecar-lint-disable${repeatTo(' ')}x`, `${repeatTo(' ')}# sidecar-lint-disable x${repeatTo(' ')}`, `#${repeatTo(' ')}`] },
  // `{{` with no `}}`, spaces after `{{`, a function name followed by spaces.
  { fragment: '\\{\\{', inputs: [repeatTo('{{'), `{{${repeatTo(' ')}`, `{{ a${repeatTo(' ')}`, repeatTo('{{ if') ] },
  // Leading spaces before a comment or a key.
  { fragment: '#', inputs: [`${repeatTo(' ')}#`, `${repeatTo(' \t')}x`, repeatTo(' #x')] },
  { fragment: 'apiVersion', inputs: [`${repeatTo(' ')}x`, `${repeatTo(' ')}- ${repeatTo(' ')}x`, repeatTo(' -'), `${repeatTo(' ')}"apiVersion"${repeatTo(' ')}x`] },
  // A shell loop's condition followed by spaces or CRLFs and no `do` (job-blocking-sidecar).
  { fragment: 'while', inputs: [`while true${repeatTo(' ')}x`, `while true${repeatTo('\r\n')}x`, `until false${repeatTo(' ')};x`, `while sleep 5${repeatTo(' ')}x`] },
];

/**
 * Regexes of src/ and rules/ that never see input text, by the file and source; each says what it runs on. A quadratic
 * one here is listed in the report of issue 13 for its owner. None now: the one that was (SARIF's first paragraph of a
 * rule's doc) is linear.
 */
const NOT_ON_INPUT: Readonly<Record<string, string>> = {};

const GENERIC_CHARACTERS = [' ', '\t', '\n', 'a', '0', '-', '.', '/', ':', '{', '}', '#', '"', '_', '$'];

function adversarialInputs(regex: RegexLiteral): string[] {
  const characters = new Set([...GENERIC_CHARACTERS, ...regex.source.replace(/\\[a-zA-Z]/g, '').replace(/[()[\]?*+|^]/g, '')]);
  const words = regex.source.replace(/\\[sSdDwWbB]/g, ' ').match(/[A-Za-z][\w-]+/g) ?? [];
  const inputs: string[] = [];
  // After `-` too: a command-line option (`-fff…f!`) that an anchored pattern reads.
  for (const character of characters) inputs.push(repeatTo(character), `${repeatTo(character)}\u0001`, `a${repeatTo(character)}\u0001`, `-${repeatTo(character)}\u0001`);
  for (const word of new Set(words)) inputs.push(repeatTo(word), `${repeatTo(word)}\u0001`, `${word}${repeatTo(' ')}\u0001`, repeatTo(`${word} `));
  for (const known of KNOWN_SHAPES) if (regex.source.includes(known.fragment)) inputs.push(...known.inputs);
  return inputs;
}

/** Runs the regex as src/ runs such regexes: all matches of a global one, else a test and a split. */
function exercise(regex: RegExp, input: string): void {
  if (regex.global) [...input.matchAll(regex)].length;
  else {
    regex.test(input);
    input.split(regex);
  }
}

describe('regular expressions of src/ and rules/ run in linear time', () => {
  // The literals, and the one regex src/ builds from a string (the config's pod spec paths).
  const literals = [
    ...regexLiterals(path.resolve('src')),
    ...regexLiterals(path.resolve('rules')),
    { where: 'src/kubernetes/workloads.ts POD_SPEC_PATH_SYNTAX', source: POD_SPEC_PATH_SYNTAX, flags: '' },
  ];

  it('finds the regular expressions of src/ and rules/', () => {
    expect(literals.filter((literal) => literal.where.startsWith('src/')).length).toBeGreaterThan(20);
    expect(literals.filter((literal) => literal.where.startsWith('rules/')).length).toBeGreaterThan(50);
  });

  const onInput = literals.filter((literal) => NOT_ON_INPUT[`${literal.where.replace(/:\d+$/, '')} ${literal.source}`] === undefined);

  it('knows what each regex it leaves out runs on', () => {
    expect(literals.length - onInput.length).toBe(Object.keys(NOT_ON_INPUT).length);
  });

  it.each(onInput.map((literal) => [literal.where, literal] as const))('%s on 100 KB of adversarial text', (_, literal) => {
    const regex = new RegExp(literal.source, literal.flags);
    const slow: string[] = [];
    for (const input of adversarialInputs(literal)) {
      const { ms } = timed(() => exercise(regex, input));
      if (ms > REGEX_BOUND_MS) slow.push(`${JSON.stringify(input.slice(0, 30))}… (${input.length} characters): ${Math.round(ms)} ms`);
    }
    expect(slow).toEqual([]);
  });

  it('matches findings to disable comments in time linear in the file: 3,000 documents, each with its comment', () => {
    const text = Array.from({ length: 3_000 }, () => `# sidecar-lint-disable unused-volume\n${BROKEN_MOUNT}`).join('---\n');
    const { result, ms } = timed(() => findingsOf(text));
    expect(ms).toBeLessThan(10_000);
    expect(result.filter((finding) => finding.ruleId === 'unused-volume' && finding.suppressed !== undefined)).toHaveLength(3_000);
    expect(result.filter((finding) => finding.ruleId === 'undeclared-volume-mount' && finding.suppressed === undefined)).toHaveLength(3_000);
  });

  it('lints 400 KB lines of template braces, disable comments and spaces at once', () => {
    const lines = [
      `# ${repeatTo('{{', 400_000)}`,
      `# sidecar-lint-disable${repeatTo(' ', 400_000)}x`,
      `x-note: "${repeatTo('{{ .a }} ', 400_000)}"`,
      `# ${repeatTo('{{ .a }} ', 400_000)}`,
    ];
    for (const line of lines) {
      const { result, ms } = timed(() => findingsOf(`${BROKEN_MOUNT}${line}\n`));
      expect(ms).toBeLessThan(5_000);
      expect(result.some((finding) => finding.ruleId === 'undeclared-volume-mount')).toBe(true);
    }
  });
});

describe('the reader on hostile YAML', () => {
  let warnings: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warnings = vi.spyOn(process, 'emitWarning');
  });
  afterEach(() => warnings.mockRestore());

  const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${data}`;

  it.each(['a', 'a$', '$', 'a:b', 'é', 'a.b-c', 'x!y', 'a"b', "a'b", '%20', 'a/b'])('stops an alias bomb whose anchors are named like %j', (name) => {
    const anchor = (level: number) => `${name}${level}`;
    let bomb = `  l0: &${anchor(0)} [x, x, x, x, x, x, x, x, x]\n`;
    for (let level = 1; level < 10; level++) bomb += `  l${level}: &${anchor(level)} [${Array(9).fill(`*${anchor(level - 1)}`).join(', ')}]\n`;
    const { result, ms } = timed(() => findingsOf(configMap(bomb) + `---\n${BROKEN_MOUNT}`));
    expect(ms).toBeLessThan(5_000);
    expect(result.filter((finding) => finding.ruleId === 'yaml-syntax').map((finding) => finding.message)).toEqual([
      expect.stringContaining('alias'),
    ]);
    expect(result.some((finding) => finding.ruleId === 'undeclared-volume-mount')).toBe(true);
  });

  it('reads a large document that is no bomb with the fast reader', () => {
    // Some 1,800,000 nodes: the precise reader, which this once went to, took ten seconds and gigabytes.
    const { result, ms } = timed(() => findingsOf(configMap(`  a: "${repeatTo('x ', 1_000)}"\n`) + `x-list: [${'a,'.repeat(1_800_000)}a]\n`));
    expect(ms).toBeLessThan(5_000);
    expect(result.filter((finding) => finding.ruleId === 'yaml-syntax')).toEqual([]);
  });

  it('reports a file of millions of nodes as too large to check, in bounded time and memory', () => {
    const items = 5_500_000;
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nx-list: [${'a,'.repeat(items - 1)}a]\n`;
    expect(items).toBeGreaterThan(MAX_NODES_PER_FILE);
    const { result, ms } = timed(() => findingsOf(text));
    expect(ms).toBeLessThan(20_000);
    expect(result.map((finding) => finding.ruleId)).toEqual(['yaml-syntax']);
    expect(result[0]?.message).toContain('YAML nodes, more than sidecar-lint reads');
    expect(result[0]?.message).not.toContain('Kubernetes cannot read');
    // Peak memory of this worker (KB on Linux): the precise reader once took 4.4 GB on this input.
    expect(process.resourceUsage().maxRSS).toBeLessThan(2 * 1024 * 1024);
  });

  it('reports a problem in a file too large for the precise reader in the fast reader words, in bounded memory', () => {
    const list = `x-list: [${'a,'.repeat(1_500_000)}a]\n`;
    const broken = [
      [`${list}bad: [unclosed\n`, 'unexpected end of the stream'],
      [`${list}? [a, b]\n: c\n`, 'invalid map key'],
      [`${list}a0: &a0 [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 9 }, (_, level) => `a${level + 1}: &a${level + 1} [${Array(9).fill(`*a${level}`).join(', ')}]`).join('\n')}\n`, 'alias bomb'],
    ] as const;
    for (const [body, words] of broken) {
      const { result, ms } = timed(() => findingsOf(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n${body}`));
      expect(ms).toBeLessThan(5_000);
      expect(result.map((finding) => finding.message)).toEqual([expect.stringContaining(words)]);
      expect(result[0]?.message).toContain('too large for the reader that reads on past a problem');
    }
    expect(process.resourceUsage().maxRSS).toBeLessThan(2 * 1024 * 1024);
  });

  it('keeps `__proto__` as a key: schema validation reports it, with and without null fields to drop', () => {
    const crd = widgetCrd({ name: '{type: string}', size: '{type: integer}' });
    for (const extra of ['', '  gone: null\n']) {
      const findings = findingsOf(crd + widget(`  name: n\n  __proto__: {size: 3}\n${extra}`));
      expect(findings.map((finding) => finding.message)).toContainEqual(expect.stringMatching(/^`spec.__proto__` is not a field of Widget\./));
    }
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: null}\nspec:\n  __proto__: {restartPolicy: Never}\n  containers:\n    - name: c\n      image: busybox\n      __proto__: {name: x}\n`;
    const messages = findingsOf(pod).map((finding) => finding.message.split(' of Pod.')[0]);
    expect(messages).toContain('`spec.__proto__` is not a field');
    expect(messages).toContain('`spec.containers[0].__proto__` is not a field');
  });

  it('refuses in an integer field what the API server refuses: past int64, .inf, .nan, 1e400', () => {
    const crd = widgetCrd({ size: '{type: integer}', port: "{type: integer, 'x-kubernetes-int-or-string': true}", ratio: '{type: number}' });
    const errors = (body: string) => findingsOf(crd + widget(body)).filter((finding) => finding.ruleId === 'schema-validation').map((finding) => finding.message);
    for (const value of ['99999999999999999999', '18446744073709551615', "-9300000000000000000", '1e400', '.inf', '-.Inf', '.nan', '0x1_0000_0000_0000_0000']) {
      expect(errors(`  size: ${value}\n`), value).toHaveLength(1);
      expect(errors(`  port: ${value}\n`), value).toHaveLength(value === '1e400' || value.startsWith('0x') ? 0 : 1);
    }
    expect(errors('  ratio: .inf\n')).toHaveLength(1);
    for (const value of ['9223372036854775807', '-9223372036854775808', '1e3', '42', '0x7fff_ffff_ffff_ffff']) expect(errors(`  size: ${value}\n`), value).toEqual([]);
  });

  it('refuses implicit keys over 1,024 characters, as go-yaml does, and takes shorter or explicit ones', () => {
    const long = (length: number) => findingsOf(configMap(`  ${'k'.repeat(length)}: v\n`)).filter((finding) => finding.ruleId === 'yaml-syntax');
    expect(long(1_030)).toHaveLength(1);
    expect(long(50_000)).toHaveLength(1);
    expect(long(1_000)).toEqual([]);
    expect(findingsOf(configMap(`  ? ${'k'.repeat(2_000)}\n  : v\n`)).filter((finding) => finding.ruleId === 'yaml-syntax')).toEqual([]);
  });

  it.each([
    ['NEL', '\u0085'],
    ['LS', '\u2028'],
    ['PS', '\u2029'],
  ])('reads %s as a line break, as go-yaml does', (_, lineBreak) => {
    // A leading comment: `apiVersion` then starts a line only if the break is one.
    for (const text of [BROKEN_MOUNT, `# a pod\n${BROKEN_MOUNT}`]) {
      const findings = findingsOf(text.replaceAll('\n', lineBreak));
      expect(findings.map((finding) => finding.ruleId).sort()).toEqual(['undeclared-volume-mount', 'unused-volume']);
      // Editors do not break lines there: the mount's name is on line 1, where the text has it.
      const offset = text.indexOf('ca-certs');
      expect(summary(findings.filter((finding) => finding.ruleId === 'undeclared-volume-mount'))).toEqual([`1:${offset + 1} undeclared-volume-mount`]);
    }
  });

  it.each([1_000, 1_500])('reads %i nesting levels, which go-yaml reads', (depth) => {
    for (const nested of ['['.repeat(depth) + ']'.repeat(depth), Array.from({ length: depth }, (_, level) => `\n${'  '.repeat(level + 1)}k${level}:`).join('') + ' x']) {
      const findings = findingsOf(configMap('  a: b\n') + `x-deep: ${nested}\n`);
      expect(findings.filter((finding) => finding.ruleId === 'yaml-syntax')).toEqual([]);
    }
  });

  it('says honestly that it cannot follow deeper nesting, never that Kubernetes cannot read it', () => {
    // The precise reader (which `\'` in double quotes sends a file to) goes less deep than the fast one.
    for (const [depth, quoted] of [[3_000, ''], [9_999, ''], [20_000, ''], [1_000, '"it\\\'s"'], [5_000, '"it\\\'s"']] as const) {
      const { result, ms } = timed(() => findingsOf(configMap(`  a: ${quoted || 'b'}\n`) + `x-deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n---\n${BROKEN_MOUNT}`));
      expect(ms).toBeLessThan(5_000);
      const syntax = result.filter((finding) => finding.ruleId === 'yaml-syntax').map((finding) => finding.message);
      expect(syntax).toEqual([expect.stringContaining("deeper than sidecar-lint's reader can follow")]);
      expect(syntax[0]).not.toContain('Kubernetes cannot read');
      expect(result.some((finding) => finding.ruleId === 'undeclared-volume-mount')).toBe(true);
    }
  });

  it('reports a list or a mapping as a key, which go-yaml refuses, and prints no warning', () => {
    for (const key of ['  ? [a, b]\n  : c\n', '  [a, b]: c\n', '  {a: 1}: c\n', '  a: "it\\\'s"\n  ? [a, b]\n  : c\n']) {
      const findings = findingsOf(configMap(key));
      expect(findings.filter((finding) => finding.ruleId === 'yaml-syntax').map((finding) => finding.message)).toEqual([expect.stringContaining('invalid map key')]);
    }
    expect(warnings).not.toHaveBeenCalled();
  });
});
