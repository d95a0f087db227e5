// Applies the committed SQL migrations in prisma/<provider>/migrations in order and records each in
// _app_migrations. We do not run `prisma migrate deploy`: with the PostgreSQL adapter it fails on an
// upstream bug (prisma/orm#27403), and the runtime must not need the Prisma CLI at all.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { DatabaseTarget } from "./client.ts";

const PRISMA_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../prisma");

interface Migration {
  readonly name: string;
  readonly sql: string;
}

export function listMigrations(provider: "sqlite" | "postgres"): Migration[] {
  const dir = join(PRISMA_DIR, provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, "migration.sql"), "utf8") }));
}

export async function applyMigrations(target: DatabaseTarget): Promise<string[]> {
  return target.provider === "sqlite" ? applySqlite(target.location) : applyPostgres(target);
}

function applySqlite(file: string): string[] {
  mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.exec(`CREATE TABLE IF NOT EXISTS "_app_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`);
    const applied = new Set(sqlite.prepare(`SELECT "name" FROM "_app_migrations"`).all().map((row) => (row as { name: string }).name));
    const done: string[] = [];
    for (const migration of listMigrations("sqlite")) {
      if (applied.has(migration.name)) continue;
      // BEGIN IMMEDIATE takes the write lock first, so two processes starting together cannot both apply.
      sqlite.exec("BEGIN IMMEDIATE");
      try {
        const again = sqlite.prepare(`SELECT 1 FROM "_app_migrations" WHERE "name" = ?`).get(migration.name);
        if (!again) {
          sqlite.exec(migration.sql);
          sqlite.prepare(`INSERT INTO "_app_migrations" ("name", "appliedAt") VALUES (?, ?)`).run(migration.name, new Date().toISOString());
          done.push(migration.name);
        }
        sqlite.exec("COMMIT");
      } catch (error) {
        sqlite.exec("ROLLBACK");
        throw new Error(`数据库迁移 ${migration.name} 失败：${(error as Error).message}`);
      }
    }
    return done;
  } finally {
    sqlite.close();
  }
}

// Any constant works; it only has to be the same in every instance of the bot.
const MIGRATION_LOCK_KEY = 7_420_231;

async function applyPostgres(target: DatabaseTarget): Promise<string[]> {
  const client = new pg.Client({ connectionString: target.location });
  await client.connect();
  try {
    // Two instances starting at once: the advisory lock lets one migrate while the other waits.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    await client.query(`SET search_path TO "${target.schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS "_app_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL)`);
    const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "_app_migrations"`);
    const applied = new Set(rows.map((row) => row.name));
    const done: string[] = [];
    for (const migration of listMigrations("postgres")) {
      if (applied.has(migration.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_app_migrations" ("name", "appliedAt") VALUES ($1, now())`, [migration.name]);
        await client.query("COMMIT");
        done.push(migration.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`数据库迁移 ${migration.name} 失败：${(error as Error).message}`);
      }
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
