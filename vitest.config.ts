import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'directory', include: ['test/**/*.test.ts'], exclude: ['test/etcd/**'] } },
      {
        // The same scenario suite (seed scenarios, eviction, scale) with etcd as the store,
        // and the etcd tests themselves. A missing etcd fails these, never skips them.
        extends: true,
        test: {
          name: 'etcd',
          include: ['test/controllers/*.test.ts', 'test/etcd/**/*.test.ts'],
          globalSetup: ['test/etcd/global-setup.ts'],
          env: { BERTH_TEST_STORE: 'etcd' },
        },
      },
    ],
  },
})
