import type { CliOptions } from './args.js';

/*
 * Whether the text report is coloured. --color and --no-color decide; then FORCE_COLOR, which CI systems set to get
 * colour in logs that are no terminal; then NO_COLOR (https://no-color.org); then whether standard output is a
 * terminal. A report written to a file is plain unless --color asks.
 */

/**
 * FORCE_COLOR where chalk (supports-color) and Node (tty.getColorDepth) agree: empty, `1`, `2`, `3` or `true` turn
 * colour on (each a colour depth; the text report uses 16 colours), `0` or `false` off. Both let it win over
 * NO_COLOR. Any other value they read differently from each other, so it is left to the checks after it.
 */
export function forceColorFrom(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['', '1', '2', '3', 'true'].includes(value)) return true;
  if (['0', 'false'].includes(value)) return false;
  return undefined;
}

export interface ColorEnvironment {
  /** Standard output is a terminal. */
  isTTY: boolean;
  /** NO_COLOR is set. */
  noColor: boolean;
  /** FORCE_COLOR as forceColorFrom reads it. */
  forceColor?: boolean | undefined;
}

export function useColor(options: Pick<CliOptions, 'color'>, toFile: boolean, environment: ColorEnvironment): boolean {
  if (options.color !== undefined) return options.color;
  if (toFile) return false;
  if (environment.forceColor !== undefined) return environment.forceColor;
  if (environment.noColor) return false;
  return environment.isTTY;
}
