/**
 * Vite configuration of the dashboard: root `ui/`, output `ui/dist/`.
 * `ui/build.ts` passes this object to Vite's build API (configFile: false),
 * so the config is not re-bundled on every server start.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The dashboard's Vite config; `outDir` is overridden by `ensureUiBuilt` to build atomically. */
export const uiViteConfig: UserConfig = {
  root,
  base: './',
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        bench: fileURLToPath(new URL('./bench.html', import.meta.url)),
      },
    },
  },
};

export default defineConfig(uiViteConfig);
