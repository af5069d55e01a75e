import { defineConfig } from 'vite';

// Preact through esbuild's automatic JSX runtime: no framework plugin needed.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Reports gzipped sizes; the first-load budget is checked by the benchmark and the README.
    reportCompressedSize: true,
    modulePreload: { polyfill: false },
  },
});
