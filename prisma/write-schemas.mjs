// Writes the two provider schemas from prisma/schema.base.prisma. With --check, exits 1 if they differ
// from what is on disk (used by the test suite, so the copies cannot drift).
import { readFileSync, writeFileSync } from "node:fs";

const base = readFileSync("prisma/schema.base.prisma", "utf8");
const targets = [
  { provider: "sqlite", file: "prisma/sqlite/schema.prisma", output: "../../src/generated/sqlite", url: "file:../../data/unused.db" },
  { provider: "postgresql", file: "prisma/postgres/schema.prisma", output: "../../src/generated/postgres", url: "postgresql://unused" },
];
const header = "// GENERATED from prisma/schema.base.prisma by prisma/write-schemas.mjs. Do not edit.\n";
let stale = false;
for (const t of targets) {
  const text = header + base.replace('"PROVIDER"', `"${t.provider}"`).replace('"OUTPUT"', `"${t.output}"`).replace('"URL"', `"${t.url}"`);
  if (process.argv.includes("--check")) {
    let current = "";
    try { current = readFileSync(t.file, "utf8"); } catch {}
    if (current !== text) { console.error(`${t.file} is out of date: run npm run db:schemas`); stale = true; }
  } else {
    writeFileSync(t.file, text);
  }
}
process.exit(stale ? 1 : 0);
