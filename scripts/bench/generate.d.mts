/** Writes `documents` synthetic manifests, `perFile` to a file, one in `findingEvery` with a finding, under `target`; returns how many. */
export function generateRepository(target: string, documents: number, perFile: number, findingEvery: number): number;
