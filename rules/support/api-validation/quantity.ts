import { remembered } from '../remembered.js';

/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource), read exactly: `500m`, `1Gi`, `0.5`,
 * `1e3`, `2`. A quantity is kept as an exact fraction (a BigInt over a power of ten), so `1000m` equals `1` and
 * `1Gi` is above `1G` without floating-point error. Anything Kubernetes' own parser would refuse yields
 * undefined: schema-validation reports it, and the checks that compare quantities skip it.
 */

/** `numerator / 10^scale`, exactly. Read-only: parseQuantity hands the same object to every caller of a text. */
export interface Quantity {
  readonly numerator: bigint;
  readonly scale: number;
  /** As written, for messages. */
  readonly text: string;
}

/** <signedNumber><suffix>: digits with an optional fraction, then a binary or decimal suffix or an exponent. */
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const BINARY_POWERS: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Exponents this large are not resource amounts anyone writes; refusing them keeps the arithmetic small. */
const MAX_EXPONENT = 64;

/**
 * Quantities already read, by text: pod after pod asks for `100m` and `128Mi`, and reading one takes a regex and
 * BigInt arithmetic.
 */
const quantityOf = remembered(readQuantity);

/** A quantity from a manifest value: a string as written, or a number YAML typed (`cpu: 1`, `cpu: 0.5`). */
export function parseQuantity(value: unknown): Quantity | undefined {
  if (typeof value === 'string') return quantityOf(value);
  if (typeof value === 'number' && Number.isFinite(value)) return quantityOf(String(value));
  return undefined;
}

function readQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign = '', number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let numerator = BigInt((whole || '0') + fraction) * (sign === '-' ? -1n : 1n);
  let exponent = -fraction.length;
  const binary = BINARY_POWERS[suffix];
  if (binary !== undefined) numerator *= 1024n ** BigInt(binary);
  else if (suffix.startsWith('e') || suffix.startsWith('E')) exponent += Number(suffix.slice(1));
  else if (suffix !== '') exponent += DECIMAL_EXPONENTS[suffix] ?? 0;
  if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
  if (exponent >= 0) return { numerator: numerator * 10n ** BigInt(exponent), scale: 0, text };
  return { numerator, scale: -exponent, text };
}

/** Negative when `a < b`, zero when equal, positive when `a > b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.numerator * 10n ** BigInt(scale - a.scale);
  const right = b.numerator * 10n ** BigInt(scale - b.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isNegative(quantity: Quantity): boolean {
  return quantity.numerator < 0n;
}

export function isWhole(quantity: Quantity): boolean {
  return quantity.numerator % 10n ** BigInt(quantity.scale) === 0n;
}

/** Whether `quantity` is a whole multiple of `unit` (both positive), as the hugepages check asks. */
export function isMultipleOf(quantity: Quantity, unit: Quantity): boolean {
  if (unit.numerator <= 0n) return false;
  const scale = Math.max(quantity.scale, unit.scale);
  const value = quantity.numerator * 10n ** BigInt(scale - quantity.scale);
  const step = unit.numerator * 10n ** BigInt(scale - unit.scale);
  return value % step === 0n;
}

/** Whether the quantity equals `numerator / 10^scale`. */
export function equalsExactly(quantity: Quantity, numerator: bigint, scale = 0): boolean {
  return compareQuantities(quantity, { numerator, scale, text: '' }) === 0;
}
