// Unit tests sit beside the code they test; e2e/ has its own runner.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,cli,contract,main,preload,renderer,scripts}/**/*.test.{ts,tsx}'],
    // `*.slow.test.ts` run in `npm run test:slow` (vitest.slow.config.ts).
    exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
