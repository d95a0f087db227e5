// Prisma's SQLite adapter (@prisma/adapter-better-sqlite3 6.19) runs everything on one connection, and
// its lock only keeps transactions apart from each other. The bot handles many events at once, so a
// query from another event that arrived while an interactive transaction was open (between two of the
// transaction's awaits) ran inside it: its write was rolled back with the transaction, and its read
// saw the transaction's uncommitted rows (test/store/transaction-isolation.test.ts).
//
// This wrapper keeps them apart: while a transaction is open (BEGIN to COMMIT or ROLLBACK), other work
// waits for it to end, and a transaction waits for the work in flight to finish. The transaction's own
// queries go through its Transaction object and never wait. Prisma's internal transactions (nested
// writes, the array form of $transaction) start through the same adapter and are covered too. Plain
// queries do not wait for each other: better-sqlite3 runs each statement to the end before returning,
// and when no transaction is open or waiting a query is passed on in the same tick, with no await in
// front of it (an await there would put every query behind the other events' queued work).
//
// The cost: while a transaction is open, every other event's database work waits for it, so
// transactions must stay short. A second connection for the other events would not help: better-sqlite3
// blocks the one JavaScript thread while SQLite waits for a lock, so a second writer would wait out the
// whole busy timeout without letting the open transaction finish.
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

export type SqliteConnection = BetterSqlite3.Database;

/** The adapter, plus the connection itself for our own prepared statements (sqlite-statements.ts). */
export interface GatedAdapter extends Adapter {
  /** Runs `use` on the connection when no transaction is open, like any plain query. */
  withConnection<T>(use: (connection: SqliteConnection) => T): Promise<T>;
}

export interface GatedAdapterFactory extends Pick<PrismaBetterSQLite3, "provider" | "adapterName"> {
  connect(): Promise<GatedAdapter>;
}

interface Waiter {
  readonly isTransaction: boolean;
  readonly admit: () => void;
}

/**
 * Admits any number of plain queries at once, or one transaction alone. Waiters are admitted in
 * arrival order, so a stream of queries cannot starve a transaction, nor the reverse.
 */
export class TransactionGate {
  #isTransactionOpen = false;
  #queriesInFlight = 0;
  readonly #waiting: Waiter[] = [];

  /** Runs `query` once no transaction is open or waiting ahead of it. */
  outside<T>(query: () => Promise<T>): Promise<T> {
    if (!this.#isTransactionOpen && this.#waiting.length === 0) {
      this.#queriesInFlight++;
      return this.#run(query);
    }
    return new Promise<void>((admit) => this.#waiting.push({ isTransaction: false, admit })).then(() => this.#run(query));
  }

  /** Resolves when the caller's transaction may begin; it must call `close` when it ends. */
  open(): Promise<void> {
    if (!this.#isTransactionOpen && this.#queriesInFlight === 0 && this.#waiting.length === 0) {
      this.#isTransactionOpen = true;
      return Promise.resolve();
    }
    return new Promise((admit) => this.#waiting.push({ isTransaction: true, admit }));
  }

  close(): void {
    this.#isTransactionOpen = false;
    this.#admitNext();
  }

  // The count was raised when the query was admitted, so a transaction behind it cannot slip in
  // between its admission and its start.
  #run<T>(query: () => Promise<T>): Promise<T> {
    let result: Promise<T>;
    try {
      result = query();
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.finally(() => {
      this.#queriesInFlight--;
      if (this.#queriesInFlight === 0) this.#admitNext();
    });
  }

  #admitNext(): void {
    while (this.#waiting.length > 0 && !this.#isTransactionOpen) {
      const next = this.#waiting[0]!;
      if (next.isTransaction) {
        if (this.#queriesInFlight > 0) return;
        this.#waiting.shift();
        this.#isTransactionOpen = true;
        next.admit();
        return;
      }
      this.#waiting.shift();
      this.#queriesInFlight++;
      next.admit();
    }
  }
}

/** Wraps the SQLite adapter factory so that no query runs inside another event's open transaction. */
export function gateTransactions(factory: PrismaBetterSQLite3): GatedAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      return gatedAdapter(await factory.connect());
    },
  };
}

function gatedAdapter(inner: Adapter): GatedAdapter {
  const gate = new TransactionGate();
  // The adapter keeps its better-sqlite3 connection in `client` (not in its type declarations).
  const connection = (inner as unknown as { client: SqliteConnection }).client;
  return {
    withConnection: (use) => gate.outside(async () => use(connection)),
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => gate.outside(() => inner.queryRaw(query)),
    executeRaw: (query) => gate.outside(() => inner.executeRaw(query)),
    executeScript: (script) => gate.outside(() => inner.executeScript(script)),
    ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel) {
      await gate.open();
      let transaction: Transaction;
      try {
        transaction = await inner.startTransaction(isolationLevel);
      } catch (error) {
        gate.close();
        throw error;
      }
      return gateClosingTransaction(transaction, () => gate.close());
    },
  };
}

function gateClosingTransaction(inner: Transaction, closeGate: () => void): Transaction {
  let isOpen = true;
  const end = () => {
    if (!isOpen) return;
    isOpen = false;
    closeGate();
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: inner.options,
    queryRaw: (query) => inner.queryRaw(query),
    async executeRaw(query) {
      try {
        return await inner.executeRaw(query);
      } catch (error) {
        if (/^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) {
          await inner.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => undefined);
          await inner.rollback().finally(end);
        }
        throw error;
      }
    },
    async commit() {
      try {
        await inner.commit();
      } finally {
        end();
      }
    },
    async rollback() {
      try {
        await inner.rollback();
      } finally {
        end();
      }
    },
  };
}
