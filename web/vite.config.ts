// Builds the admin app (index.html) and the member portal (portal/index.html) into web/dist.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      input: { admin: `${root}index.html`, portal: `${root}portal/index.html` },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
