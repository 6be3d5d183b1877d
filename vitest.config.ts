import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'tools/**/*.test.ts'],
          // Integration and fault cases have projects of their own (they start servers and daemons).
          exclude: ['**/*.int.test.ts', '**/*.fault.test.ts', 'node_modules/**'],
          environment: 'node',
          // A limit for hangs, not a timing: property tests (hundreds of runs), the first ESLint or
          // corpus load take seconds when both cores are busy, and 5 s failed them under load.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['electron/**/*.int.test.ts', 'tools/**/*.int.test.ts', 'e2e/fixtures/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'faults',
          include: ['tools/faults/**/*.fault.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
