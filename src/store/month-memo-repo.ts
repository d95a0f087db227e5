// The month memo (MonthMemo): what a later month's bulletin needs of an earlier month, kept so a
// province's year is not read and judged again on every compile. A year of 3,000 units × 30
// indicators is 30,000 JSON objects to read and ten months of rules to run; a memo is one block of
// numbers per month. Each part is kept with the basis it was made on, and is used only while the
// caller's basis for the month is the same: a cache that is remade, never trusted, when anything under
// it changed (year-figures-repo.ts, features/findings/kept-judgements.ts).
import type { Db } from "../platform/db/client.ts";
import type { FiguresLayout } from "../domain/figures-table.ts";
import { FiguresTable } from "../domain/figures-table.ts";
import type { ScopeFigures } from "../domain/workspace.ts";
import type { JudgedSlots } from "../domain/rules/index.ts";

export interface FiguresMemo {
  readonly figuresBasis: string;
  readonly cells: Float64Array;
  readonly reported: Uint8Array;
  /** the scope's own figures, a JSON object as stored */
  readonly scope: string;
}

/** The kept figures of the periods that have them, by period id. */
export async function loadFiguresMemos(db: Db, periodIds: readonly string[]): Promise<Map<string, FiguresMemo>> {
  if (periodIds.length === 0) return new Map();
  const rows = await db.monthMemo.findMany({ where: { periodId: { in: [...periodIds] } }, select: { periodId: true, figuresBasis: true, cells: true, reported: true, scope: true } });
  return new Map(rows.map((row) => [row.periodId, { figuresBasis: row.figuresBasis, cells: new Float64Array(fromBase64(row.cells)), reported: new Uint8Array(fromBase64(row.reported)), scope: row.scope }]));
}

/** The kept judgements of the periods whose judgement was made on the basis `basisOf` gives them, by period id. */
export async function loadJudgedMemos(db: Db, basisOf: ReadonlyMap<string, string>): Promise<Map<string, JudgedSlots>> {
  if (basisOf.size === 0) return new Map();
  const rows = await db.monthMemo.findMany({ where: { periodId: { in: [...basisOf.keys()] }, judged: { not: null } }, select: { periodId: true, judgedBasis: true, judged: true } });
  return new Map(rows.filter((row) => row.judged !== null && row.judgedBasis === basisOf.get(row.periodId)).map((row) => [row.periodId, new Int32Array(fromBase64(row.judged!))]));
}

/** The memo's figures as a table, if it was made on `basis` and fits the layout. */
export function memoTable(memo: FiguresMemo | undefined, basis: string, layout: FiguresLayout): FiguresTable | undefined {
  if (!memo || memo.figuresBasis !== basis) return undefined;
  if (memo.cells.length !== layout.units.length * layout.indicators.length || memo.reported.length !== layout.units.length) return undefined;
  return new FiguresTable(layout, memo);
}

/** Keeps a month's figures as read on `basis`; a judgement kept before is left to its own basis. */
export async function saveFiguresMemo(db: Db, periodId: string, basis: string, table: FiguresTable, scope: ScopeFigures): Promise<void> {
  const figures = { figuresBasis: basis, cells: base64Of(table.cells), reported: base64Of(table.reported), scope: JSON.stringify(Object.fromEntries(scope)) };
  await db.monthMemo.upsert({ where: { periodId }, create: { periodId, ...figures }, update: figures });
}

/** Keeps a month's judged slots; only where its figures are kept (the judgement is worth nothing alone). */
export async function saveJudgedMemo(db: Db, periodId: string, basis: string, slots: JudgedSlots): Promise<void> {
  await db.monthMemo.updateMany({ where: { periodId }, data: { judgedBasis: basis, judged: base64Of(slots) } });
}

function base64Of(array: Float64Array | Int32Array | Uint8Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("base64");
}

/** The bytes in a buffer of their own: a typed array of 8-byte numbers needs an aligned start. */
function fromBase64(text: string): ArrayBuffer {
  const bytes = Buffer.from(text, "base64");
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
