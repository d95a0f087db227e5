// Plain SQL on the hot paths (every event, every card submission), run on the connection Prisma itself
// uses: on SQLite as statements prepared once (sqlite-statements.ts), on PostgreSQL through Prisma's
// driver adapter and its pool.
//
// Why not `db.$queryRaw`: Prisma 6.19's client runs every request, raw ones included, through its
// WebAssembly query compiler and plan interpreter first, which costs more than the statement (about
// 0.5 ms a query here, against 0.05 ms for the statement). A card submission makes five queries, and 50
// submissions arriving at once queue behind each other on the one JavaScript thread, so that overhead
// alone would spend the 100 ms budget.
//
// Same meaning as $queryRaw: a tagged template whose values become bound parameters (never spliced
// into the text), and rows deserialised as Prisma deserialises raw results (Int64 → bigint, DateTime
// → Date, JSON parsed; PostgreSQL NUMERIC, unused by the store, stays text instead of a Decimal). It
// runs outside any transaction, through the SQLite gate like every other plain query
// (sqlite-gate.ts); code inside a transaction passes its transaction client, and sqlOf() then falls
// back to that client's $queryRaw, so the statement stays in the transaction.
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { Db } from "./client.ts";

// Both adapters (SQLite, PostgreSQL) implement Prisma's SqlDriverAdapter; the SQLite one's type stands for both.
type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
interface AdapterFactory<A extends Adapter> {
  readonly provider: "sqlite" | "postgres";
  readonly adapterName: string;
  connect(): Promise<A>;
}
type ArgType = Parameters<Adapter["queryRaw"]>[0]["argTypes"][number];

export type SqlValue = string | number | boolean | Date | null;

export interface Sql {
  /** Rows as objects keyed by column name. */
  query<Row>(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<Row[]>;
  /** The number of rows changed. */
  execute(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<number>;
}

const fastSqlByClient = new WeakMap<object, Sql>();

/** Registers the fast path for a client opened by openDatabase (client.ts). */
export function registerSql(db: Db, sql: Sql): void {
  fastSqlByClient.set(db, sql);
}

/** The SQL runner for a client: the fast path for an opened database, Prisma's raw methods for a transaction. */
export function sqlOf(db: Db): Sql {
  return fastSqlByClient.get(db) ?? prismaSql(db);
}

function prismaSql(db: Db): Sql {
  return {
    query: <Row>(strings: TemplateStringsArray, ...values: SqlValue[]) => db.$queryRaw<Row[]>(strings, ...values),
    execute: (strings: TemplateStringsArray, ...values: SqlValue[]) => db.$executeRaw(strings, ...values),
  };
}

/** PostgreSQL: runs statements on the adapter `connect` yields, the very adapter (and pool) Prisma uses. */
export function postgresSql(connect: () => Promise<Adapter>): Sql {
  const statement = (strings: TemplateStringsArray, values: SqlValue[]) => ({
    sql: strings.reduce((text, part, index) => text + (index === 0 ? "" : `$${index}`) + part, ""),
    args: values,
    argTypes: values.map(argTypeOf),
  });
  return {
    async query<Row>(strings: TemplateStringsArray, ...values: SqlValue[]) {
      const adapter = await connect();
      const result = await adapter.queryRaw(statement(strings, values));
      return result.rows.map((row) => {
        const object: Record<string, unknown> = {};
        for (let column = 0; column < row.length; column++) object[result.columnNames[column]!] = deserialize(result.columnTypes[column]!, row[column]);
        return object as Row;
      });
    },
    async execute(strings: TemplateStringsArray, ...values: SqlValue[]) {
      const adapter = await connect();
      return adapter.executeRaw(statement(strings, values));
    },
  };
}

function argTypeOf(value: SqlValue): ArgType {
  if (value instanceof Date) return { scalarType: "datetime", arity: "scalar" };
  if (typeof value === "number") return { scalarType: Number.isInteger(value) ? "int" : "float", arity: "scalar" };
  if (typeof value === "boolean") return { scalarType: "boolean", arity: "scalar" };
  return { scalarType: value === null ? "unknown" : "string", arity: "scalar" };
}

// Column type codes of @prisma/driver-adapter-utils' ColumnTypeEnum (a dependency of the adapters,
// not of ours): the ones whose value Prisma's raw results turn into another JavaScript type.
const INT32 = 0;
const INT64 = 1;
const FLOAT = 2;
const DOUBLE = 3;
const BOOLEAN = 5;
const DATE = 8;
const DATETIME = 10;
const JSON_COLUMN = 11;

function deserialize(columnType: number, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (columnType) {
    case INT32:
    case FLOAT:
    case DOUBLE:
      return Number(value);
    case INT64:
      return BigInt(value as string | number | bigint);
    case BOOLEAN:
      return value === true || value === 1 || value === "1" || value === 1n;
    case DATE:
    case DATETIME:
      return new Date(value as string | number);
    case JSON_COLUMN:
      return typeof value === "string" ? JSON.parse(value) : value;
    default:
      return value;
  }
}

/**
 * Wraps an adapter factory so that every connect() yields the same adapter until Prisma disposes of it:
 * the SQL runner and the Prisma client then share one connection (and on SQLite one gate).
 */
export function shareAdapter<A extends Adapter>(factory: AdapterFactory<A>): AdapterFactory<A> {
  let shared: Promise<A> | null = null;
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect() {
      if (!shared) {
        const connecting = factory.connect().then((adapter) => {
          const dispose = adapter.dispose.bind(adapter);
          // Set on the instance: the adapters keep private fields, so the object itself must stay.
          adapter.dispose = async () => {
            if (shared === connecting) shared = null;
            await dispose();
          };
          return adapter;
        });
        shared = connecting;
        connecting.catch(() => {
          if (shared === connecting) shared = null;
        });
      }
      return shared;
    },
  };
}
