// Guards the two-provider setup: both schemas come from prisma/schema.base.prisma, and the newest
// migration of each provider leads to exactly the current schema (no change without a migration).
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

describe("database schema", () => {
  it("keeps the SQLite and PostgreSQL schemas in sync with the base schema", () => {
    expect(() => execFileSync("node", ["prisma/write-schemas.mjs", "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it.each(["sqlite", "postgres"])("has a migration for every change to the %s schema", (provider) => {
    const dirs = readdirSync(`prisma/${provider}/migrations`).sort();
    const latest = dirs.at(-1);
    expect(latest).toBeDefined();
    const snapshot = readFileSync(`prisma/${provider}/migrations/${latest}/schema.prisma`, "utf8");
    expect(snapshot).toBe(readFileSync(`prisma/${provider}/schema.prisma`, "utf8"));
  });
});
