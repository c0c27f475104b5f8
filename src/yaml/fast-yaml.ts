import jsYaml from 'js-yaml';

/*
 * The fast reader: js-yaml builds the values about eight times faster than the `yaml` package builds its
 * document model, but keeps no positions. Most documents have no finding and never need one, so values come
 * from here and the precise reader (yaml-file.ts) runs only for a file that has a finding. The two must give
 * the same values: this schema repeats, test for test, the YAML 1.1 scalars the precise reader resolves (as
 * Kubernetes reads YAML), without timestamps and sexagesimal numbers. A difference shows in the test that
 * compares both paths on every fixture and on the corpus.
 */

const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;

function parseInteger(text: string, offset: number, radix: number): number {
  const sign = text[0];
  const start = sign === '-' || sign === '+' ? offset + 1 : offset;
  const value = parseInt(text.substring(start).replace(/_/g, ''), radix);
  return sign === '-' ? -1 * value : value;
}

const nullType = new jsYaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULL.test(data),
  construct: () => null,
});

const boolType = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (TRUE.test(data) || FALSE.test(data)),
  construct: (data: string) => TRUE.test(data),
});

const intType = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (INT_BIN.test(data) || INT_OCT.test(data) || INT_DEC.test(data) || INT_HEX.test(data)),
  // In the precise reader's order: binary, octal (a leading 0), decimal, hexadecimal.
  construct: (data: string) =>
    INT_BIN.test(data) ? parseInteger(data, 2, 2) : INT_OCT.test(data) ? parseInteger(data, 1, 8) : INT_DEC.test(data) ? parseInteger(data, 0, 10) : parseInteger(data, 2, 16),
});

const floatType = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (FLOAT_NAN.test(data) || FLOAT_EXP.test(data) || FLOAT.test(data)),
  construct: (data: string) => {
    if (FLOAT_NAN.test(data)) {
      if (data.slice(-3).toLowerCase() === 'nan') return Number.NaN;
      return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    return parseFloat(data.replace(/_/g, ''));
  },
});

// js-yaml exports its built-in types, `merge` (`<<`) among them, though @types/js-yaml does not declare them.
const { merge } = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types;

const KUBERNETES_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType, merge] });

/**
 * An alias (`*name`) anywhere sends the file to the precise reader, which counts what aliases expand to and
 * stops alias bombs; js-yaml shares the aliased value, and what walks it later would not stop. Real manifests
 * rarely use aliases, so this costs little. (`*` in `"*.log"` or a cron schedule is no alias.)
 */
const ALIAS = /(?:^|[\s[{,:])\*[\w.-]/m;

/**
 * Text the two readers read differently, found by fuzzing; such a file goes to the precise reader: a tab
 * in a line's indentation (the precise reader refuses it), a byte-order mark inside a line, and a key that
 * is null or empty (`~:`, `: x`), which js-yaml names "null" and the precise reader "". (Lone carriage
 * returns and byte-order marks at line starts are normalised before either reads: lint.ts.)
 */
const READ_DIFFERENTLY = /^[ ]*\t|[^\n]\uFEFF|^[ \t-]*(?:~|null|Null|NULL)?[ \t]*:(?:[ \t]|$)/m;

/**
 * Every document's value, or undefined when js-yaml cannot read the file the way the precise reader would
 * (a syntax error, a duplicate key, an unknown tag, an alias): the precise reader then does it all.
 */
export function loadValuesFast(text: string): unknown[] | undefined {
  if (ALIAS.test(text) || READ_DIFFERENTLY.test(text)) return undefined;
  try {
    return jsYaml.loadAll(text, undefined, { schema: KUBERNETES_SCHEMA });
  } catch {
    return undefined;
  }
}
