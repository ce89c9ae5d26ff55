// Builds the Node-side entry points (Electron main, CLI, privileged writer, worker threads) as ES modules into out/.
import { rmSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { workerSources } from './core/package-files';

export const nodeEntries = {
  'main/index': 'main/index.ts',
  'cli/bin': 'cli/bin.ts',
  'write/privileged': 'core/write/privileged/child-main.ts',
  // Each worker thread its own entry, out/workers/<name>.js, where core/package-files.ts looks.
  ...Object.fromEntries(Object.entries(workerSources).map(([name, source]) => [`workers/${name}`, source])),
};

/** out/ also holds the renderer and preload, so only this build's folders are emptied (no stale chunks). */
const cleanNodeOut: Plugin = {
  name: 'clean-node-out',
  buildStart() {
    for (const dir of ['chunks', 'cli', 'main', 'workers', 'write'])
      rmSync(`out/${dir}`, { recursive: true, force: true });
  },
};

export default defineConfig({
  plugins: [cleanNodeOut],
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
