// What two runs of the month are compared on: the database, as a normalised dump of every table, and
// what the platform stand-in delivered, per chat.
//
// Normalised means: generated ids (cuids) become natural keys wherever they appear (foreign keys, job
// keys and payloads, outbox keys, card button values, JSON columns), so do the platform's message ids
// and file keys; rows are sorted; and the columns that record *when the process happened to do it*
// rather than what was done are dropped (see DROPPED). A run that was killed restarts later than one
// that was not, so those columns differ by the restarts and say nothing about the outcome.
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import type { Platform, RecordedMessage } from "../../src/sandbox/index.ts";
import { readZip } from "../../src/render/zip-parts.ts";

/** Columns that record when or how often the process did something, not what it did. */
const DROPPED: Readonly<Record<string, readonly string[]>> = {
  // bumped by triggers on every write to the configuration tables: each restart re-imports the workspace file
  Workspace: ["createdAt", "updatedAt", "configVersion"],
  // set by the opening job when it runs: a job taken over after its runner died runs a lease later
  Period: ["createdAt", "openedAt"],
  // dubanAt: set when the 督办 job ran, a lease later after its runner died (dubanPeriod, what it did, is compared)
  Finding: ["updatedAt", "dubanAt"],
  Bulletin: ["createdAt"],
  WorkspaceChat: ["createdAt"],
  OutboundMessage: ["createdAt", "sentAt"],
  // a job taken over after its runner died is tried once more, under another worker, later
  Job: ["createdAt", "updatedAt", "leaseUntil", "leasedBy", "attempts"],
  ChaseHold: ["createdAt"],
  // stamped by the workspace file's import at the first start, which the two runs make at different times
  Narrative: ["updatedAt"],
};

/** Tables compared on their own terms (see compareEvents), not row by row. */
const SEPARATE = new Set(["ProcessedEvent"]);

/**
 * Caches remade whenever their basis changes (MonthMemo and TargetsMemo: src/store/month-memo-repo.ts,
 * target-repo.ts): what they hold depends on when the findings last ran, not on what the month did.
 * test/store/month-memo.test.ts and targets-memo.test.ts hold them to the answers without them.
 */
const CACHES = new Set(["MonthMemo", "TargetsMemo"]);

/** How a row of each table is named without its generated id. */
const NATURAL_KEYS: Readonly<Record<string, (row: Row, name: (id: unknown) => string) => string>> = {
  Workspace: (row) => `Workspace:${row["key"]}`,
  Unit: (row) => `Unit:${row["name"]}`,
  Person: (row) => `Person:${row["role"]}:${row["name"]}`,
  Indicator: (row) => `Indicator:${row["key"]}`,
  Ratio: (row) => `Ratio:${row["key"]}`,
  Target: (row, name) => `Target:${name(row["indicatorId"])}:${name(row["unitId"])}:${row["year"]}`,
  ScopeTarget: (row, name) => `ScopeTarget:${name(row["indicatorId"])}:${row["year"]}`,
  Period: (row) => `Period:${row["year"]}-${String(row["month"]).padStart(2, "0")}`,
  Submission: (row, name) => `Submission:${name(row["periodId"])}:${name(row["unitId"])}:r${row["revision"]}`,
  Finding: (row, name) => `Finding:${name(row["unitId"])}:${row["rule"]}:${row["subject"]}`,
  Bulletin: (row, name) => `Bulletin:${name(row["periodId"])}:v${row["version"]}`,
  WorkspaceChat: (row) => `WorkspaceChat:${row["chatId"]}`,
  ChaseHold: (row, name) => `ChaseHold:${name(row["unitId"])}`,
  // keys name the work and contain other ids: named after those are replaced
  OutboundMessage: (row) => `OutboundMessage:${row["key"]}`,
  Job: (row) => `Job:${row["key"]}`,
};

/** The order in which natural keys can be built (a key may use the names of earlier tables). */
const NAMING_ORDER = ["Workspace", "Unit", "Person", "Indicator", "Ratio", "Period", "Target", "ScopeTarget", "Submission", "Finding", "Bulletin", "WorkspaceChat", "ChaseHold", "OutboundMessage", "Job"];

type Row = Record<string, unknown>;

export interface DatabaseDump {
  /** table → sorted, normalised rows (canonical JSON) */
  readonly tables: Record<string, string[]>;
  /** seen events, named by what the user did */
  readonly processedEvents: { readonly eventId: string; readonly kind: string; readonly response: string | null }[];
  /** generated id → natural key, for normalising the platform's side too */
  readonly names: ReadonlyMap<string, string>;
  /** platform message id → the outbox key it was sent under (normalised) */
  readonly messageKeys: ReadonlyMap<string, string>;
}

/** The shapes of the ids the database generates: cuids (Prisma's default) and UUIDs (rows written in bulk). */
const GENERATED_ID = /\b(?:c[a-z0-9]{24}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/g;
const MESSAGE_ID = /\bom_[0-9a-f]+\b/g;
/** The platform's event ids (reply keys carry the id of the event they answer). */
const EVENT_ID = /\b[0-9a-f]{32}\b/g;

export function replaceIds(text: string, names: ReadonlyMap<string, string>, messageKeys: ReadonlyMap<string, string> = new Map()): string {
  return text
    .replace(EVENT_ID, (id) => (names.has(id) ? `<${names.get(id)}>` : id))
    .replace(GENERATED_ID, (id) => (names.has(id) ? `<${names.get(id)}>` : id))
    .replace(MESSAGE_ID, (id) => `<message ${messageKeys.get(id) ?? "not in the outbox"}>`);
}

/**
 * Each event the platform delivered, named by what the user did (`王主任 in p2p: 进度`, numbered when
 * the same thing was done again): the same in both runs, unlike the platform's random event ids.
 */
export function eventNames(platform: Platform): Map<string, string> {
  const users = new Map(platform.directory.allUsers().map((user) => [user.openId, user.name]));
  const chats = new Map(platform.chats().map((chat) => [chat.chatId, chat.chatType === "p2p" ? "p2p" : chat.name]));
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  for (const record of platform.deliveries()) {
    const event = record.envelope.event as {
      sender?: { sender_id?: { open_id?: string } };
      message?: { chat_id?: string; content?: string };
      operator?: { open_id?: string };
      context?: { open_message_id?: string };
    };
    let label: string;
    if (event.message) {
      const text = (JSON.parse(event.message.content ?? "{}") as { text?: string }).text ?? "";
      label = `${users.get(event.sender?.sender_id?.open_id ?? "")} in ${chats.get(event.message.chat_id ?? "")}: ${text}`;
    } else {
      label = `${users.get(event.operator?.open_id ?? "")} clicks ${event.context?.open_message_id ?? ""}`;
    }
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    names.set(record.eventId, `event ${label}${count > 1 ? ` (#${count})` : ""}`);
  }
  return names;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Row)[key])]),
    );
  }
  return value;
}

/** A JSON text's value with its keys sorted; any other text as it is. */
function normalText(text: string, names: ReadonlyMap<string, string>, messageKeys?: ReadonlyMap<string, string>): unknown {
  const replaced = replaceIds(text, names, messageKeys);
  if (/^[[{]/.test(replaced)) {
    try {
      return canonical(JSON.parse(replaced));
    } catch {
      return replaced;
    }
  }
  return replaced;
}

export function dumpDatabase(file: string, events: ReadonlyMap<string, string>): DatabaseDump {
  const sqlite = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    const tableNames = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND substr(name, 1, 1) <> '_' ORDER BY name`).all() as { name: string }[]).map((row) => row.name);
    const rows = new Map<string, Row[]>(tableNames.map((table) => [table, sqlite.prepare(`SELECT * FROM "${table}"`).all() as Row[]]));
    const names = new Map<string, string>(events);
    const name = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? id) : String(id));
    for (const table of [...NAMING_ORDER, ...tableNames.filter((table) => !NAMING_ORDER.includes(table))]) {
      const naming = NATURAL_KEYS[table];
      for (const row of rows.get(table) ?? []) {
        if (typeof row["id"] !== "string") continue;
        if (!naming) throw new Error(`the crash test does not know how to name a row of ${table}: add it to NATURAL_KEYS`);
        names.set(row["id"], replaceIds(naming(row, name), names));
      }
    }
    const messageKeys = new Map<string, string>();
    for (const row of rows.get("OutboundMessage") ?? []) if (typeof row["messageId"] === "string") messageKeys.set(row["messageId"], replaceIds(String(row["key"]), names));

    const tables: Record<string, string[]> = {};
    for (const table of tableNames) {
      if (SEPARATE.has(table) || CACHES.has(table)) continue;
      const dropped = new Set(["id", ...(DROPPED[table] ?? [])]);
      tables[table] = (rows.get(table) ?? [])
        .map((row) => {
          const kept: Row = {};
          if (typeof row["id"] === "string") kept["@"] = names.get(row["id"]);
          for (const [column, value] of Object.entries(row)) {
            if (dropped.has(column)) continue;
            // When a job that has run was due is history: work queued "now" by a job that was taken over
            // after its runner died was queued a lease later. A job still to run keeps its time.
            if (table === "Job" && column === "runAt" && row["state"] === "done") continue;
            kept[column] = typeof value === "string" ? normalText(value, names, messageKeys) : value;
          }
          return JSON.stringify(canonical(kept));
        })
        .sort();
    }
    const processedEvents = (rows.get("ProcessedEvent") ?? []).map((row) => ({
      eventId: replaceIds(String(row["eventId"]), names, messageKeys),
      kind: String(row["kind"]),
      response: typeof row["response"] === "string" ? JSON.stringify(normalText(row["response"], names)) : null,
    }));
    return { tables, processedEvents, names, messageKeys };
  } finally {
    sqlite.close();
  }
}

/**
 * A file's content. A .docx or .xlsx is compared part by part, without the package's creation time
 * (the docx library writes the wall clock's time into docProps/core.xml).
 */
function fileDigest(name: string, bytes: Buffer): string {
  const hash = createHash("sha256");
  if (/\.(docx|xlsx)$/.test(name)) {
    for (const part of readZip(bytes)) {
      const data = part.name === "docProps/core.xml" ? part.data.toString("utf8").replace(/<dcterms:(created|modified)[^>]*>[^<]*<\/dcterms:\1>/g, "") : part.data;
      hash.update(part.name).update(data);
    }
  } else hash.update(bytes);
  return `sha256:${hash.digest("hex").slice(0, 16)}`;
}

/** Chat name → the bot's messages there, normalised, sorted. */
export type PlatformDump = Record<string, string[]>;

export function dumpPlatform(platform: Platform, database: DatabaseDump): PlatformDump {
  const users = new Map(platform.directory.allUsers().map((user) => [user.openId, user.name]));
  const normal = (content: string): string => {
    const text = content.replace(/\bfile_v3_[0-9a-f]+_[0-9a-f]+\b/g, (key) => {
      const file = platform.file(key);
      return file ? `<file ${file.fileName} ${fileDigest(file.fileName, file.bytes)}>` : `<unknown file>`;
    });
    return JSON.stringify(normalText(text, database.names, database.messageKeys));
  };
  const dump: PlatformDump = {};
  for (const chat of platform.chats()) {
    const label = chat.chatType === "p2p" ? `p2p:${users.get(chat.p2pOpenId ?? "") ?? chat.chatId}` : `group:${chat.name}`;
    const sent = platform.messages(chat.chatId).filter((message: RecordedMessage) => message.sender.type === "app");
    if (sent.length === 0) continue;
    dump[label] = sent.map((message) => JSON.stringify({ msgType: message.msgType, sent: normal(message.versions[0]?.content ?? message.content), now: normal(message.content) })).sort();
  }
  return dump;
}

/** Lines describing how two sorted lists differ (what only one side has), at most `limit` of them. */
export function listDifference(label: string, expected: readonly string[], actual: readonly string[], limit = 6): string[] {
  const remaining = new Map<string, number>();
  for (const item of expected) remaining.set(item, (remaining.get(item) ?? 0) + 1);
  const extra: string[] = [];
  for (const item of actual) {
    const count = remaining.get(item) ?? 0;
    if (count > 0) remaining.set(item, count - 1);
    else extra.push(item);
  }
  const missing = [...remaining.entries()].flatMap(([item, count]) => Array<string>(count).fill(item));
  // Where an item of one side is another's with a change, show around the first difference.
  const around = (text: string, other: string | undefined): string => {
    if (other === undefined || text.length <= 600) return text.length > 600 ? `${text.slice(0, 600)}…` : text;
    let at = 0;
    while (at < text.length && text[at] === other[at]) at++;
    return `${text.slice(0, 200)} … ${at > 200 ? text.slice(Math.max(200, at - 150), at + 250) : ""}…`;
  };
  return [
    ...missing.slice(0, limit).map((item, i) => `${label}: only in the run never killed: ${around(item, extra[i])}`),
    ...extra.slice(0, limit).map((item, i) => `${label}: only in the killed run: ${around(item, missing[i])}`),
    ...(missing.length + extra.length > 2 * limit ? [`${label}: … ${missing.length} missing, ${extra.length} extra in all`] : []),
  ];
}
