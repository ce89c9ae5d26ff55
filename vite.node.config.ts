// Builds the Node-side entry points (Electron main, CLI, privileged writer) as ES modules into out/.
import { defineConfig } from 'vite';

export const nodeEntries = {
  'main/index': 'main/index.ts',
  'cli/bin': 'cli/bin.ts',
  'write/privileged': 'core/write/privileged/child-main.ts',
};

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out',
    emptyOutDir: false,
    target: 'node20',
    sourcemap: true,
    rollupOptions: {
      input: nodeEntries,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
