// Property-based fuzzing of the two files an office imports, through the real import into a real
// database: a figures CSV and a workspace YAML, valid and then mutated the ways people, spreadsheets and
// hostile senders break them. Each is either accepted and stored exactly as it says, or refused with
// every problem's line, and then nothing stored has changed. The expected outcome is worked out here
// from what was generated, not by asking the parsers under test.
//
// Fixed seeds keep the suite repeatable; FUZZ_SEED=<n> explores others (fast-check prints the seed and
// the path of a failure).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importFiguresFile, importWorkspaceFile, loadWorkspace } from "../../src/features/setup/import-files.ts";
import { ImportRejected } from "../../src/import/errors.ts";
import type { StoredWorkspace } from "../../src/store/workspace-repo.ts";

const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const NOW = new Date("2024-01-05T02:00:00Z");

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), "bzf-fuzz-files-"));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text, "utf8");
  return path;
}

/** Runs an import and returns the refusal, or null when it was accepted; anything else fails the test. */
async function refusalOf(run: () => Promise<unknown>): Promise<ImportRejected | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (error instanceof ImportRejected) return error;
    throw error;
  }
}

/** Every issue is placed: it has a line inside the file, and the message a person reads names it. */
function expectEveryIssuePlaced(error: ImportRejected, lineCount: number): void {
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(issue.line, JSON.stringify(issue)).not.toBeNull();
    expect(issue.line!).toBeGreaterThanOrEqual(1);
    expect(issue.line!).toBeLessThanOrEqual(lineCount);
    expect(error.message).toContain(`第${issue.line}行${issue.where ? `，${issue.where}` : ""}：${issue.message}`);
  }
}

function lineCountOf(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

// ---------------------------------------------------------------------------------------------------
// Figures file
// ---------------------------------------------------------------------------------------------------

/** The Zhangye indicators as the workspace file defines them: measure, and decimals (元 amounts 2). */
const INDICATORS = new Map<string, { readonly measure: string; readonly decimals: number }>([
  ["lgxq_xiaoqu", { measure: "个", decimals: 0 }],
  ["lgxq_hu", { measure: "户", decimals: 0 }],
  ["lgxq_touzi", { measure: "万元", decimals: 2 }],
  ["bzf_kaigong", { measure: "套", decimals: 0 }],
  ["pg_touzi", { measure: "万元", decimals: 2 }],
  ["zlbt_hu", { measure: "户", decimals: 0 }],
  ["zj_zhichu", { measure: "万元", decimals: 2 }],
]);
const UNITS = ["甘州区", "临泽县", "高台县", "山丹县", "民乐县", "肃南县", "全市"];
/** 2023-11 and 2023-12 hold figures before the first run; 2023-09 is created by the first file that has it. */
const PERIODS = ["2023-09", "2023-11", "2023-12"];
const LOCKABLE = ["2023-11", "2023-12"];

/** The units a value may carry besides the indicator's own, with what they multiply by. */
function unitFactors(measure: string): Map<string, number> {
  return new Map(measure === "万元" ? [["万元", 1], ["万", 1], ["亿元", 10_000], ["亿", 10_000]] : [[measure, 1]]);
}

/** A value cell and what the design makes of it: a number, a refusal of the value, or a row split in two. */
interface ValueCell {
  readonly text: string;
  readonly value: number | null;
  /** an unquoted `1,234`: the comma makes it two cells */
  readonly isRaw?: boolean;
}

const DIGITS = "0123456789".split("");
const digitString = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...DIGITS), minLength, maxLength });
const wholePart = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 999_999_999 }));
const decimalText = (maxDecimals: number, whole = wholePart) =>
  fc.tuple(whole, digitString(0, maxDecimals)).map(([int, fraction]) => (fraction ? `${int}.${fraction}` : String(int)));
const FULL_WIDTH = new Map([..."0123456789.,"].map((c) => [c, String.fromCharCode(c.charCodeAt(0) + 0xfee0)]));
const fullWidth = (text: string) => [...text].map((c) => FULL_WIDTH.get(c) ?? c).join("");
const grouped = (text: string) => text.replace(/^\d+/, (int) => int.replace(/\B(?=(\d{3})+$)/g, ","));
/** `1.2345` 亿元 in 万元, by moving the decimal point: 12345. */
function timesTenThousand(text: string): number {
  const [int = "", fraction = ""] = text.split(".");
  const padded = fraction.padEnd(4, "0");
  return Number(`${int}${padded.slice(0, 4)}.${padded.slice(4) || "0"}`);
}
/** Any text, and text made of what breaks a CSV: quotes, commas, line breaks of every kind, spaces. */
const hostileText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: "binary", maxLength }), fc.string({ unit: fc.constantFrom('"', ",", "\n", "\r\n", "\r", " ", "\t", "\u3000", "\uFEFF", "甘", "x", "全市", "-"), maxLength }));
/** Text with no digit at all, ASCII or full-width: never a number or a period. */
const digitless = (maxLength: number) => hostileText(maxLength).filter((text) => !/[0-9\uFF10-\uFF19]/.test(text));

function acceptedValue(rules: { measure: string; decimals: number }): fc.Arbitrary<ValueCell> {
  const plain = decimalText(rules.decimals);
  const forms: fc.Arbitrary<ValueCell>[] = [
    plain.map((text) => ({ text, value: Number(text) })),
    plain.map((text) => ({ text: fullWidth(text), value: Number(text) })),
    fc.tuple(fc.integer({ min: 1000, max: 999_999_999 }), digitString(0, rules.decimals), fc.boolean()).map(([int, fraction, isFullWidthComma]) => {
      const text = grouped(fraction ? `${int}.${fraction}` : String(int));
      return { text: isFullWidthComma ? text.replace(/,/g, "，") : text, value: Number(text.replace(/,/g, "")) };
    }),
    fc.tuple(plain, fc.constantFrom("", " ", "\u3000")).map(([text, space]) => ({ text: `${text}${space}${rules.measure}`, value: Number(text) })),
    fc.tuple(plain, fc.constantFrom("00", "+", " ", "\u3000")).map(([text, prefix]) => ({ text: `${prefix}${text}`, value: Number(text) })),
    fc.constant({ text: "1000000000000", value: 1e12 }),
  ];
  if (rules.measure === "万元") {
    forms.push(
      fc.tuple(decimalText(6, fc.integer({ min: 0, max: 99_999_999 })), fc.constantFrom("亿元", "亿")).map(([text, unit]) => ({ text: `${text}${unit}`, value: timesTenThousand(text) })),
      plain.map((text) => ({ text: `${text}万`, value: Number(text) })),
    );
  }
  return fc.oneof(...forms);
}

const WRONG_UNITS = ["吨", "元", "套", "户", "个", "万元", "亿元", "%", "㎡", "平方米", "人", "km"];

function refusedValue(rules: { measure: string; decimals: number }): fc.Arbitrary<ValueCell> {
  const refused = (text: string): ValueCell => ({ text, value: null });
  const positive = decimalText(rules.decimals).filter((text) => Number(text) > 0);
  return fc.oneof(
    fc.tuple(positive, fc.constantFrom("-", "－")).map(([text, minus]) => refused(`${minus}${text}`)),
    fc.constantFrom("NaN", "Infinity", "-Infinity", "∞", "1e5", "1E3", "0x10", "三十", "一百二十", "1.2.3", "1..2", ".", "+", "-", "#N/A", "#DIV/0!", "null", "—", "12.", "1,23").map(refused),
    fc.tuple(fc.integer({ min: 1, max: 9 }), digitString(13, 400)).map(([first, rest]) => refused(`${first}${rest}`)),
    fc.constantFrom("1000000000001", "1000000000000.01").map(refused),
    fc.tuple(wholePart, digitString(rules.decimals + 1, rules.decimals + 4)).map(([int, fraction]) => refused(`${int}.${fraction}`)),
    fc.constantFrom("", "  ", "\u3000").map(refused),
    fc.tuple(decimalText(rules.decimals), fc.constantFrom(...WRONG_UNITS.filter((unit) => !unitFactors(rules.measure).has(unit)))).map(([text, unit]) => refused(`${text}${unit}`)),
    digitless(20).map(refused),
    // typed as in a spreadsheet cell, without the quotes a CSV needs around 1,234
    fc.integer({ min: 1000, max: 999_999 }).map((n) => ({ text: grouped(String(n)), value: null, isRaw: true })),
  );
}

const BAD_PERIODS = ["2023-13", "2023-00", "2023/12", "2023年12月", "23-12", "2023-12-01", "12/2023", "２０２３-１２", "2023－12", "2023.12", ""];
const BAD_UNITS = ["张三县", "甘州", "甘州区区", "全省", "Ganzhou", "甘 州区", "肃南", ""];
const BAD_INDICATORS = ["lgxq_hu_typo", "LGXQ_HU", "开工", "lgxq hu", "zj-zhichu", ""];

/** A cell as a spreadsheet writes it: quoted only when it holds a comma, a quote or a line break. */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
/** What the parser sees of a cell: an unquoted cell loses the spaces around it. */
function cellSeen(text: string): string {
  return /[",\r\n]/.test(text) ? text : text.trim();
}

/** One line (or, with a quoted line break, several) of the generated file, and what the design makes of it. */
interface FigureLine {
  readonly text: string;
  /** the columns refused on this line, "" for the line as a whole; empty when the line is a good figure */
  readonly refusals: readonly string[];
  readonly figure: { readonly key: string; readonly indicator: string; readonly value: number; readonly period: string } | null;
  /** period|unit|indicator as the parser sees them, when the row reaches its duplicate check */
  readonly duplicateKey: string | null;
  readonly isPlain: boolean;
  /** a quote left open here: the rest of the file is one cell */
  readonly isOpenQuote?: boolean;
}

const BLANK = { text: "", refusals: [], figure: null, duplicateKey: null, isPlain: false } satisfies FigureLine;

function figureLine(g: fc.GeneratorValue, period: string, unit: string, indicator: string): FigureLine {
  const rules = INDICATORS.get(indicator)!;
  const kind = g(() => fc.oneof(
    { arbitrary: fc.constant("good"), weight: 40 },
    { arbitrary: fc.constantFrom("badValue", "badPeriod", "badUnit", "badIndicator", "missingColumn", "extraColumn"), weight: 7 },
  ));
  let periodText = period;
  if (period === "2023-09" && g(fc.boolean)) periodText = "2023-9";
  if (g(fc.nat, 5) === 0) periodText = ` ${periodText} `;
  let unitText = unit;
  let indicatorText = indicator;
  const value = kind === "badValue" ? g(refusedValue, rules) : g(acceptedValue, rules);
  if (kind === "badPeriod") periodText = g(() => fc.oneof(fc.constantFrom(...BAD_PERIODS), digitless(12)));
  if (kind === "badUnit") unitText = g(() => fc.oneof(fc.constantFrom(...BAD_UNITS), hostileText(12).filter((text) => !UNITS.includes(text.trim()) && !UNITS.includes(text))));
  if (kind === "badIndicator") indicatorText = g(() => fc.oneof(fc.constantFrom(...BAD_INDICATORS), hostileText(12).filter((text) => !INDICATORS.has(text.trim()) && !INDICATORS.has(text))));
  let cells = [csvCell(periodText), csvCell(unitText), csvCell(indicatorText), value.isRaw ? value.text : csvCell(value.text)];
  if (kind === "missingColumn") cells.splice(g(fc.nat, 3), 1);
  if (kind === "extraColumn") cells = [...cells, csvCell(g(() => fc.constantFrom("", "备注", "已核实")))];
  const text = cells.join(",");
  if (kind === "missingColumn" || kind === "extraColumn" || value.isRaw) return { text, refusals: [""], figure: null, duplicateKey: null, isPlain: false };

  const refusals: string[] = [];
  const seenPeriod = cellSeen(periodText);
  const periodMatch = /^(\d{4})-(\d{1,2})$/.exec(seenPeriod);
  const isPeriodGood = periodMatch !== null && Number(periodMatch[2]) >= 1 && Number(periodMatch[2]) <= 12;
  if (!isPeriodGood) refusals.push("period");
  const seenUnit = cellSeen(unitText);
  if (!UNITS.includes(seenUnit)) refusals.push("unit");
  const isIndicatorGood = INDICATORS.has(cellSeen(indicatorText));
  if (!isIndicatorGood) refusals.push("indicator");
  else if (value.value === null) refusals.push("value");
  const normalPeriod = isPeriodGood ? `${periodMatch[1]}-${periodMatch[2]!.padStart(2, "0")}` : null;
  const duplicateKey = normalPeriod !== null && isIndicatorGood && value.value !== null ? `${normalPeriod}|${seenUnit}|${indicator}` : null;
  const figure = refusals.length === 0 ? { key: `${normalPeriod}|${unit}`, indicator, value: value.value!, period: normalPeriod! } : null;
  const isPlain = figure !== null && /^\d+(\.\d+)?$/.test(value.text) && cells.every((cell) => !cell.startsWith('"') && cell.trim() === cell);
  return { text, refusals, figure, duplicateKey, isPlain };
}

/** The figure line with its last characters cut off, as a file saved mid-write ends. */
function truncatedLine(line: FigureLine, cut: number): FigureLine {
  const text = line.text.slice(0, cut);
  const cells = text.split(",");
  if (cells.length < 4) return { ...BLANK, text, refusals: [""] };
  const valueText = cells[3]!;
  if (!/^\d+(\.\d+)?$/.test(valueText)) return { ...BLANK, text, refusals: ["value"] };
  return { ...line, text, figure: { ...line.figure!, value: Number(valueText) } };
}

type Numbered = FigureLine & { readonly line: number };

interface FiguresFile {
  readonly text: string;
  readonly lines: readonly Numbered[];
  /** the line of the header, and whether the design accepts it */
  readonly headerLine: number;
  readonly isHeaderGood: boolean;
  readonly locked: string | null;
  /** a quote left open on this line: the rest of the file is one cell */
  readonly openQuoteLine: number | null;
}

const GOOD_HEADERS = ["period,unit,indicator,value", "Period,Unit,Indicator,Value", " period , unit ,indicator, value ", "PERIOD,UNIT,INDICATOR,VALUE"];
const BAD_HEADERS = ["period,unit,indicator", "period,unit,indicator,value,remark", "填报期,单位,指标,数值", "unit,period,indicator,value", "period;unit;indicator;value"];

function figuresFile(g: fc.GeneratorValue): FiguresFile {
  const keys = g(() => fc.uniqueArray(fc.tuple(fc.constantFrom(...PERIODS), fc.constantFrom(...UNITS), fc.constantFrom(...INDICATORS.keys())), { maxLength: 8, selector: (key) => key.join("|") }));
  const lines: FigureLine[] = keys.map(([period, unit, indicator]) => figureLine(g, period, unit, indicator));
  // duplicated rows: an exact copy, or the same figure again with another value, somewhere after it
  const duplicates = g(fc.nat, 6) === 0 ? g(fc.integer, { min: 1, max: 2 }) : 0;
  for (let i = 0; i < duplicates; i++) {
    const originals = lines.map((line, index) => [line, index] as const).filter(([line]) => line.figure !== null);
    if (originals.length === 0) break;
    const [original, index] = originals[g(fc.nat, originals.length - 1)]!;
    const [period, unit] = original.figure!.key.split("|") as [string, string];
    const copy = g(fc.boolean) ? original : figureLineOfValue(period, unit, original.figure!.indicator, g(acceptedValue, INDICATORS.get(original.figure!.indicator)!));
    lines.splice(g(fc.integer, { min: index + 1, max: lines.length }), 0, copy);
  }
  if (g(fc.nat, 8) === 0) {
    const garbage = g(() => fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).filter((text) => !/[",\r\n]/.test(text) && /[A-Za-z\u4e00-\u9fff]/.test(text)));
    lines.splice(g(fc.nat, lines.length), 0, { ...BLANK, text: garbage, refusals: [""] });
  }
  if (g(fc.nat, 15) === 0) lines.splice(g(fc.nat, lines.length), 0, { ...BLANK, text: `2023-12,"甘州区,lgxq_hu,1`, refusals: [""], isOpenQuote: true });
  const blanks = g(fc.nat, 3) === 0 ? g(fc.integer, { min: 1, max: 3 }) : 0;
  for (let i = 0; i < blanks; i++) lines.splice(g(fc.nat, lines.length), 0, { ...BLANK, text: g(() => fc.constantFrom("", "  ", "\u3000", "\t")) });
  const last = lines.at(-1);
  const isTruncated = last !== undefined && last.isPlain && g(fc.nat, 5) === 0;
  if (isTruncated) lines[lines.length - 1] = truncatedLine(last, g(fc.integer, { min: 1, max: last.text.length - 1 }));

  const header = g(() => fc.oneof({ arbitrary: fc.constantFrom(...GOOD_HEADERS), weight: 12 }, { arbitrary: fc.constantFrom(...BAD_HEADERS, null), weight: 1 }));
  const leadingBlanks = g(fc.nat, 6) === 0 ? 1 : 0;
  const eol = g(() => fc.constantFrom("\n", "\r\n"));
  const bom = g(fc.boolean) ? "\uFEFF" : "";
  const all = [...Array.from({ length: leadingBlanks }, () => BLANK), ...(header === null ? [] : [{ ...BLANK, text: header }]), ...lines];
  const hasFinalEol = !isTruncated && g(fc.boolean);
  const text = `${bom}${all.map((line) => line.text).join(eol)}${hasFinalEol ? eol : ""}`;

  // number the lines as an editor does: a quoted line break inside a cell starts a new line too
  let lineNumber = 1;
  const numbered: FigureLine[] = [];
  const numbers: number[] = [];
  for (const line of all) {
    numbered.push(line);
    numbers.push(lineNumber);
    lineNumber += lineCountOf(line.text);
  }
  const withNumbers = numbered.map((line, i) => ({ ...line, line: numbers[i]! }));
  const rows = withNumbers.slice(leadingBlanks + (header === null ? 0 : 1));
  const firstContent = withNumbers.find((line) => line.text.trim() !== "");
  return {
    text,
    lines: rows,
    headerLine: header === null ? (firstContent?.line ?? 1) : leadingBlanks + 1,
    isHeaderGood: header !== null && GOOD_HEADERS.includes(header),
    locked: g(() => fc.constantFrom(null, null, ...LOCKABLE)),
    openQuoteLine: rows.find((line) => line.isOpenQuote)?.line ?? null,
  };
}

function figureLineOfValue(period: string, unit: string, indicator: string, value: ValueCell): FigureLine {
  return { text: [period, unit, indicator, csvCell(value.text)].join(","), refusals: [], figure: { key: `${period}|${unit}`, indicator, value: value.value!, period }, duplicateKey: `${period}|${unit}|${indicator}`, isPlain: false };
}

/** What the design says of the file: the refusals by line, or the figures it stores. */
function expectedOfFigures(file: FiguresFile): { refusals: { line: number; where: string }[] } | { figures: Numbered[] } {
  // the CSV is read before its header is looked at: a quote left open is the one refusal
  if (file.openQuoteLine !== null) return { refusals: [{ line: file.openQuoteLine, where: "" }] };
  if (!file.isHeaderGood) return { refusals: [{ line: file.headerLine, where: "表头" }] };
  const lines = file.lines;
  const refusals: { line: number; where: string }[] = [];
  const seen = new Set<string>();
  const figures: Numbered[] = [];
  for (const line of lines) {
    if (line.text.trim() === "") continue;
    for (const where of line.refusals) refusals.push({ line: line.line, where });
    if (line.duplicateKey !== null) {
      if (seen.has(line.duplicateKey)) {
        refusals.push({ line: line.line, where: "" });
        continue;
      }
      seen.add(line.duplicateKey);
    }
    if (line.figure) figures.push(line);
  }
  if (refusals.length > 0) return { refusals };
  const locked = figures.find((line) => line.figure!.period === file.locked);
  if (locked) return { refusals: [{ line: locked.line, where: "period" }] };
  return { figures };
}

interface FiguresState {
  readonly periods: readonly string[];
  readonly revisions: readonly { at: string; revision: number; values: unknown; explanations: unknown; remarks: string | null; source: string; submittedBy: string; submittedAt: string }[];
  /** the latest values per period|unit */
  readonly latest: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

function sortedObject(value: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The stored figures, normalised: periods with their state, every revision, the latest values. */
async function figuresStateOf(db: TestDatabase["db"], workspace: StoredWorkspace): Promise<FiguresState> {
  const periods = await db.period.findMany({ where: { workspaceId: workspace.id } });
  const periodKeys = new Map(periods.map((period) => [period.id, `${period.year}-${String(period.month).padStart(2, "0")}`]));
  const unitNames = new Map([...workspace.unitIds].map(([name, id]) => [id, name]));
  const rows = await db.submission.findMany({ where: { periodId: { in: [...periodKeys.keys()] } } });
  const revisions = rows
    .map((row) => ({
      at: `${periodKeys.get(row.periodId)}|${unitNames.get(row.unitId)}`,
      revision: row.revision,
      values: sortedObject(row.values),
      explanations: sortedObject(row.explanations),
      remarks: row.remarks,
      source: row.source,
      submittedBy: row.submittedBy,
      submittedAt: row.submittedAt.toISOString(),
    }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.revision - b.revision));
  const latest: Record<string, Record<string, number>> = {};
  for (const row of revisions) latest[row.at] = row.values as Record<string, number>;
  return { periods: periods.map((period) => `${periodKeys.get(period.id)}:${period.state}`).sort(), revisions, latest };
}

describe("fuzzing the figures file through the import", () => {
  let database: TestDatabase;
  let workspace: StoredWorkspace;
  beforeAll(async () => {
    database = await createTestDatabase();
    const summary = await importWorkspaceFile(database.db, new URL("../fixtures/zhangye/workspace.yaml", import.meta.url).pathname);
    workspace = await loadWorkspace(database.db, summary.workspaceKey);
    await importFiguresFile(database.db, workspace, new URL("../fixtures/zhangye/figures.csv", import.meta.url).pathname, NOW);
    const november = ["period,unit,indicator,value", "2023-11,甘州区,lgxq_hu,2800", "2023-11,甘州区,zj_zhichu,900.5", "2023-11,临泽县,lgxq_hu,2000", "2023-11,全市,lgxq_touzi,20000"];
    await importFiguresFile(database.db, workspace, writeFile("november.csv", november.join("\n")), NOW);
  }, 120_000);
  afterAll(() => database.destroy());

  it("stores exactly what an accepted file says and nothing else; a refused file names each bad line and changes nothing", async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const file = figuresFile(g);
        const db = database.db;
        if (file.locked) await db.period.updateMany({ where: { workspaceId: workspace.id, year: 2023, month: Number(file.locked.slice(5)) }, data: { state: "locked" } });
        try {
          const before = await figuresStateOf(db, workspace);
          const path = writeFile("figures.csv", file.text);
          const refusal = await refusalOf(() => importFiguresFile(db, workspace, path, NOW));
          const after = await figuresStateOf(db, workspace);
          const expected = expectedOfFigures(file);
          if ("refusals" in expected) {
            const context = `the file ${JSON.stringify(file.text)}`;
            expect(refusal, context).not.toBeNull();
            refused++;
            expectEveryIssuePlaced(refusal!, lineCountOf(file.text));
            const found = refusal!.issues.map((issue) => ({ line: issue.line, where: issue.where }));
            // A quote left open takes what follows it into one cell, up to the next quote in the file; the
            // refusal is of the record that cannot be read, at or after the line of the open quote.
            if (file.openQuoteLine === null) expect(sortIssues(found), context).toEqual(sortIssues(expected.refusals));
            else expect(Math.min(...found.map((issue) => issue.line!)), `${context}: ${refusal!.message}`).toBeGreaterThanOrEqual(file.openQuoteLine);
            expect(after).toEqual(before);
            return;
          }
          expect(refusal?.message ?? null, `the file ${JSON.stringify(file.text)}`).toBeNull();
          accepted++;
          const latest: Record<string, Record<string, number>> = Object.fromEntries(Object.entries(before.latest).map(([at, values]) => [at, { ...values }]));
          for (const { figure } of expected.figures) latest[figure!.key] = { ...latest[figure!.key], [figure!.indicator]: figure!.value };
          expect(after.latest).toEqual(Object.fromEntries(Object.entries(latest).map(([at, values]) => [at, sortedObject(values)])));
          // nothing earlier is lost or rewritten; a new revision only where a figure changed
          expect(after.revisions).toEqual(expect.arrayContaining(before.revisions as FiguresState["revisions"][number][]));
          const changed = Object.keys(latest).filter((at) => JSON.stringify(sortedObject(latest[at])) !== JSON.stringify(before.latest[at] ?? null));
          expect(after.revisions.length - before.revisions.length).toBe(changed.length);
          for (const period of new Set(expected.figures.map((line) => line.figure!.period))) expect(after.periods).toContain(`${period}:open`);
          expect(after.periods.filter((period) => !before.periods.includes(period)).every((period) => period.endsWith(":open"))).toBe(true);
        } finally {
          if (file.locked) await db.period.updateMany({ where: { workspaceId: workspace.id, year: 2023, month: Number(file.locked.slice(5)) }, data: { state: "open" } });
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: SEED ?? 20_240_105, interruptAfterTimeLimit: 90_000 },
    );
    // both outcomes were exercised, not only one
    expect(accepted).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  }, 120_000);
});

function sortIssues(issues: readonly { line: number | null; where: string }[]) {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.where < b.where ? -1 : a.where > b.where ? 1 : 0));
}
