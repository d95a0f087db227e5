// A fresh database per test file: a temporary SQLite file, or, when TEST_DATABASE_URL names a
// PostgreSQL server, a schema of its own there (dropped afterwards). `npm run test:pg` sets it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Database } from "../../src/platform/db/client.ts";

export interface TestDatabase extends Database {
  readonly url: string;
  /** closes the client and removes the data */
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (server && /^postgres/.test(server)) {
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const url = `${server}${server.includes("?") ? "&" : "?"}schema=${schema}`;
    const database = await openDatabase(url);
    return {
      ...database,
      url,
      async destroy() {
        await database.close();
        const client = new pg.Client({ connectionString: server });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "bzf-test-"));
  const url = `file:${join(dir, "test.db")}`;
  const database = await openDatabase(url);
  return {
    ...database,
    url,
    async destroy() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
