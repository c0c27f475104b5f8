import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests start real processes on a 2-core machine; give them room without hiding a hang.
    testTimeout: 30_000,
    // Every core: vitest's default leaves one free, which on the 2-core CI machine runs the files one at a time.
    maxWorkers: availableParallelism(),
    minWorkers: 1,
  },
});
