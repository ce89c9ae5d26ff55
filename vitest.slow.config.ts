// The slow unit tier (`npm run test:slow`): loop devices, mounts, the privileged writer as a child.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,cli}/**/*.slow.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
