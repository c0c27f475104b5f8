import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests start real processes on a 2-core machine; give them room without hiding a hang.
    testTimeout: 30_000,
  },
});
