import { defineConfig } from "vitest/config";

// The browser test (npm run test:browser): the sandbox page in Debian's chromium. Kept out of
// `npm test` because the app it starts takes ~25 s before the page is up.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.browser.ts"],
    env: { TZ: "UTC" },
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
