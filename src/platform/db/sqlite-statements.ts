// The fast path's SQLite side (sql.ts): each statement text is prepared once on the connection and
// reused. The Prisma adapter prepares every statement anew (SQLite parses and plans it each time),
// which was a fifth of the bot's database time on a card submission.
//
// Values go in and rows come out exactly as through Prisma's adapter and $queryRaw: the same argument
// mapping (Date → ISO text with +00:00, boolean → 1/0) and the same column typing (declared types,
// else the first non-null value), so sql.test.ts can hold the two paths to the same results.
import type { Statement } from "better-sqlite3";
import type { GatedAdapter, SqliteConnection } from "./sqlite-gate.ts";
import type { Sql, SqlValue } from "./sql.ts";

type Column = "int" | "bigint" | "double" | "boolean" | "datetime" | "json" | "text" | "unknown";

interface Prepared {
  readonly statement: Statement<unknown[]>;
  /** declared column types; null where SQLite knows none (expressions) */
  readonly declared: readonly (Column | null)[];
  readonly names: readonly string[];
}

export function sqliteSql(connect: () => Promise<GatedAdapter>): Sql {
  const preparedByConnection = new WeakMap<SqliteConnection, Map<string, Prepared>>();
  const prepare = (connection: SqliteConnection, text: string): Prepared => {
    let prepared = preparedByConnection.get(connection);
    if (!prepared) preparedByConnection.set(connection, (prepared = new Map()));
    let entry = prepared.get(text);
    if (!entry) {
      const statement = connection.prepare<unknown[]>(text);
      const columns = statement.reader ? statement.columns() : [];
      if (statement.reader) statement.raw(true);
      entry = { statement, declared: columns.map((column) => declaredColumn(column.type)), names: columns.map((column) => column.name) };
      prepared.set(text, entry);
    }
    return entry;
  };
  const textOf = (strings: TemplateStringsArray) => strings.join("?");
  return {
    async query<Row>(strings: TemplateStringsArray, ...values: SqlValue[]) {
      const adapter = await connect();
      return adapter.withConnection((connection) => {
        const { statement, declared, names } = prepare(connection, textOf(strings));
        if (!statement.reader) {
          statement.run(...values.map(argument));
          return [];
        }
        const rows = statement.all(...values.map(argument)) as unknown[][];
        const columns = declared.map((type, index) => type ?? inferredColumn(rows, index));
        return rows.map((row) => {
          const object: Record<string, unknown> = {};
          for (let index = 0; index < names.length; index++) object[names[index]!] = value(columns[index]!, row[index]);
          return object as Row;
        });
      });
    },
    async execute(strings: TemplateStringsArray, ...values: SqlValue[]) {
      const adapter = await connect();
      return adapter.withConnection((connection) => prepare(connection, textOf(strings)).statement.run(...values.map(argument)).changes);
    },
  };
}

function argument(value: SqlValue): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** The adapter's mapping of declared column types (Prisma's SQLite migrations use these names). */
function declaredColumn(type: string | null): Column | null {
  switch (type?.toUpperCase()) {
    case "INT":
    case "INTEGER":
    case "TINYINT":
    case "SMALLINT":
    case "MEDIUMINT":
    case "INT2":
    case "SERIAL":
      return "int";
    case "BIGINT":
    case "INT8":
    case "UNSIGNED BIG INT":
      return "bigint";
    case "REAL":
    case "DOUBLE":
    case "DOUBLE PRECISION":
    case "NUMERIC":
    case "FLOAT":
      return "double";
    case "BOOLEAN":
      return "boolean";
    case "DATETIME":
    case "TIMESTAMP":
      return "datetime";
    case "JSONB":
      return "json";
    case "TEXT":
    case "CLOB":
    case "VARCHAR":
    case "CHARACTER":
    case "NCHAR":
    case "NVARCHAR":
      return "text";
    default:
      return null;
  }
}

/** As the adapter infers an expression's type: from the first non-null value (integers are bigint here). */
function inferredColumn(rows: readonly unknown[][], index: number): Column {
  for (const row of rows) {
    const value = row[index];
    if (value === null) continue;
    if (typeof value === "bigint") return "bigint";
    if (typeof value === "string") return "text";
    return "unknown";
  }
  return "int";
}

/** The connection returns integers as bigint (the adapter turns safe integers on); Prisma's raw results do not. */
function value(column: Column, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (column) {
    case "int":
      return Math.trunc(Number(raw));
    case "double":
      return Number(raw);
    case "bigint":
      return BigInt(raw as bigint | number | string);
    case "boolean":
      return raw === 1n || raw === 1 || raw === true;
    case "datetime":
      return new Date(typeof raw === "bigint" ? Number(raw) : (raw as string | number));
    case "json":
      return typeof raw === "string" ? JSON.parse(raw) : raw;
    case "text":
      return typeof raw === "bigint" ? raw.toString() : raw;
    default:
      return typeof raw === "bigint" ? raw.toString() : raw;
  }
}
