import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests run in UTC so that any code that forgets to name Asia/Shanghai fails loudly.
    env: { TZ: "UTC" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
