import { defineConfig } from 'vitest/config';

// One process per test file (pool: forks): onnxruntime-node has crashed with
// several worker threads in one process (microsoft/onnxruntime#24486).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
