import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A private cache directory for the run: tests never touch the user's cache (test/helpers/isolated-cache.ts).
    globalSetup: ["test/helpers/isolated-cache.ts"],
    // PGlite boots in seconds and integration tests talk to a real server: generous, but bounded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The machine has two cores; more workers only make the embedded databases fight for them.
    maxWorkers: 2,
  },
});
