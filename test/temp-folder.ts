import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** A folder made afresh for each test and removed after it, with a way to put files in it. */
export interface TemporaryFolder {
  /** The current test's folder. */
  readonly path: string;
  /** Writes `relative` (creating its folders) and returns its absolute path. */
  write(relative: string, content: string | Buffer): string;
}

/** Registers, for the tests of the calling file, a fresh folder per test (named with `prefix`), removed afterwards. */
export function temporaryFolderPerTest(prefix: string): TemporaryFolder {
  let current = '';
  beforeEach(() => {
    current = mkdtempSync(path.join(tmpdir(), prefix));
  });
  // rm removes symbolic links themselves, never their targets.
  afterEach(() => rmSync(current, { recursive: true, force: true }));
  return {
    get path() {
      return current;
    },
    write(relative, content) {
      const file = path.join(current, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
  };
}
