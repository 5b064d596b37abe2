import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // PGlite boots in seconds and integration tests talk to a real server: generous, but bounded.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The machine has two cores; more workers only make the embedded databases fight for them.
    maxWorkers: 2,
  },
});
