// Opens the database the environment names: SQLite (a file under data/, the embedded default) or
// PostgreSQL (DATABASE_URL=postgresql://…). Both generated clients have the same TypeScript API, so
// the rest of the code sees one `Db` type. Nothing below main.ts/cli.ts opens a database itself.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../../generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "../../generated/postgres/client.ts";
import { applyMigrations } from "./migrate.ts";
import { gateTransactions } from "./sqlite-gate.ts";
import { postgresSql, registerSql, shareAdapter } from "./sql.ts";
import { sqliteSql } from "./sqlite-statements.ts";

export type Db = SqliteClient;
export type Provider = "sqlite" | "postgres";

export interface Database {
  readonly db: Db;
  readonly provider: Provider;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_URL = "file:./data/bot.db";

export interface DatabaseTarget {
  readonly provider: Provider;
  /** SQLite: absolute file path. PostgreSQL: connection string without our `schema` parameter. */
  readonly location: string;
  /** PostgreSQL schema (search_path), from `?schema=` in the URL; default public */
  readonly schema: string;
}

/** Reads DATABASE_URL: `file:…` or empty → SQLite, `postgres://` / `postgresql://` → PostgreSQL. */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim() || DEFAULT_SQLITE_URL;
  if (value.startsWith("file:")) {
    return { provider: "sqlite", location: resolve(value.slice("file:".length)), schema: "main" };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    const parsed = new URL(value);
    const schema = parsed.searchParams.get("schema") ?? "public";
    if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(schema)) throw new Error(`DATABASE_URL 中的 schema “${schema}” 无效`);
    parsed.searchParams.delete("schema");
    return { provider: "postgres", location: parsed.toString(), schema };
  }
  throw new Error(`DATABASE_URL 无法识别：应以 file: 或 postgresql:// 开头，收到 “${value.slice(0, 40)}”`);
}

/** Opens the database and brings its schema up to date with the committed migrations. */
export async function openDatabase(url: string | undefined): Promise<Database> {
  const target = parseDatabaseUrl(url);
  await applyMigrations(target);
  if (target.provider === "sqlite") {
    mkdirSync(dirname(target.location), { recursive: true });
    // timeout: SQLite's busy_timeout, so a second process waits for the write lock instead of failing.
    // gateTransactions: the adapter's one connection would otherwise run other events' queries inside an
    // open transaction (sqlite-gate.ts).
    // shareAdapter: the hot paths' plain SQL (sql.ts) runs on the same connection, behind the same gate.
    const adapter = shareAdapter(gateTransactions(new PrismaBetterSQLite3({ url: `file:${target.location}`, timeout: 10_000 })));
    const db = new SqliteClient({ adapter });
    registerSql(db, sqliteSql(() => adapter.connect()));
    // The file is in WAL mode (set by the migration runner). synchronous=NORMAL syncs the WAL at
    // checkpoints instead of at every commit: a commit survives the bot's process being killed, and the
    // file is never corrupted, but an OS crash or power cut may roll back the last moments' commits.
    // FULL costs an fsync (~1.6 ms here, blocking the event loop: better-sqlite3 is synchronous) per
    // commit, which alone would put 50 simultaneous submissions over the 100 ms budget. Deployments
    // that need every commit on disk before answering run PostgreSQL.
    await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
    return { db, provider: "sqlite", close: () => db.$disconnect() };
  }
  const adapter = shareAdapter(new PrismaPg({ connectionString: target.location, options: `-c search_path=${target.schema}` }, { schema: target.schema }) as unknown as Parameters<typeof shareAdapter>[0]);
  // The two clients are generated from one schema (prisma/write-schemas.mjs) and differ only in their
  // query compiler; their TypeScript APIs are identical.
  const db = new PostgresClient({ adapter: adapter as unknown as PrismaPg }) as unknown as Db;
  registerSql(db, postgresSql(() => adapter.connect()));
  return { db, provider: "postgres", close: () => db.$disconnect() };
}
