import { defineConfig } from 'vitest/config';

/**
 * Tests whose verdict rests on measured time. They run after every other file, one file at a time, so
 * that the parallel suite does not load the machine while they measure (a 2-core CI runner once read a
 * control run as +30% slower than its baseline while other files ran beside it).
 */
const TIMED = ['test/cli/check-e2e.test.ts', 'test/unit/device-timing.test.ts'];

const shared = {
  // Tests that load `gl` must not share a thread with another loader: use processes.
  pool: 'forks' as const,
  testTimeout: 30_000,
  hookTimeout: 30_000,
};

export default defineConfig({
  test: {
    // Compiles the bin once for both projects.
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        test: {
          ...shared,
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: TIMED,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'timed',
          include: TIMED,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
