// Builds the React wizard into out/renderer (loaded from file:// by Electron, over HTTP by `serve`).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../out/renderer', emptyOutDir: true, target: 'chrome120', reportCompressedSize: true },
});
