// Prisma 6.19 with the WebAssembly engines, so that nothing downloads a native binary (offices run on
// isolated networks). The CLI is only used offline here: `generate` and `migrate diff` (see
// prisma/make-migration.sh); migrations are applied at start by src/platform/db/migrate.ts.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/sqlite/schema.prisma",
  async adapter() {
    return new PrismaBetterSQLite3({ url: "file:./data/prisma-cli.db" });
  },
});
