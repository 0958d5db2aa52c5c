import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    // The explorer bundles the API's schema from ../docs (src/pages/explorer/GraphiQLExplorer.tsx).
    fs: { allow: ['.', '../docs/schema.graphql'] },
    // `npm run dev` next to `./run.sh`: the API answers on its default port.
    proxy: { '/graphql': 'http://localhost:5080', '/jobs': 'http://localhost:5080' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
