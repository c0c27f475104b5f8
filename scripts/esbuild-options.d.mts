import type { BuildOptions } from 'esbuild';

export declare const ESM_BUNDLE: BuildOptions;

export declare const VENDORED: readonly string[];
