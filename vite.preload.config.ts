// Builds the preload script as one CommonJS file: sandboxed preloads cannot load ES modules.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/preload',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      input: { index: 'preload/index.ts' },
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
    // Bundle everything but electron: a sandboxed preload can only require('electron').
    commonjsOptions: {},
  },
  ssr: { noExternal: true },
});
