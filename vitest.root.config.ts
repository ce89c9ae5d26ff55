// The root tier (`npm run test:root`): real root builds from the host's Go, cached between runs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/root/**/*.root-test.ts', 'cli/**/*.root-test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
