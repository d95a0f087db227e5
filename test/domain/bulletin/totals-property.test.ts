// Every sentence true, over random months (the issue "Every sentence true", item 7): whatever units
// report or leave out, the bulletin's totals are the sum of what the units in reported, against the
// targets of those units; an office's own target gets no rate while units are missing; the 附件's
// whole-scope row says what the totals say; and every number the text gives for the scope and for a
// unit is the number in the tables.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileBulletin } from "../../../src/domain/bulletin/compile.ts";
import { formatQuantity } from "../../../src/domain/amount.ts";
import { exactSum } from "../../../src/domain/decimal.ts";
import { computeRate } from "../../../src/domain/rate.ts";
import { makeFigures, makeTargets, makeWorkspace } from "../rules/builders.ts";

const NAMES = ["甘州区", "临泽县", "高台县", "山丹县", "民乐县", "肃南县"];
const kaigong = { key: "kaigong", group: "棚户区改造", name: "开工", measure: "套" };
const touzi = { key: "touzi", group: "棚户区改造", name: "完成投资", measure: "万元" };

const month = fc.record({
  units: fc.integer({ min: 2, max: NAMES.length }),
  // per unit: its 开工 target (or none), and its figures, or nothing at all (not reported)
  rows: fc.array(
    fc.record({
      target: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: null }),
      figures: fc.option(fc.record({ kaigong: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: null }), touzi: fc.option(fc.integer({ min: 0, max: 900_000 }), { nil: null }) }), { nil: null }),
    }),
    { minLength: NAMES.length, maxLength: NAMES.length },
  ),
  // the office's own whole-scope target for 完成投资, or none
  touziTarget: fc.option(fc.integer({ min: 1, max: 2_000_000 }), { nil: null }),
  // the office's whole-scope figure for 开工 (a 全市 row), or none
  kaigongScope: fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }),
  partialTotals: fc.constantFrom("reported" as const, "withheld" as const),
});

describe("the bulletin's totals over random months with units missing", () => {
  it("add up the units in, against their targets, and the text and the 附件 say the same numbers", () => {
    fc.assert(
      fc.property(month, ({ units: count, rows, touziTarget, kaigongScope, partialTotals }) => {
        const units = NAMES.slice(0, count);
        const base = makeWorkspace({ units, indicators: [kaigong, touzi] });
        const workspace = { ...base, bulletin: { ...base.bulletin, partialTotals } };
        const unitTargets: Record<string, number> = {};
        const byUnit: Record<string, Record<string, number>> = {};
        units.forEach((unit, i) => {
          const row = rows[i]!;
          if (row.target !== null) unitTargets[unit] = row.target;
          if (row.figures === null) return;
          const values: Record<string, number> = {};
          if (row.figures.kaigong !== null) values["kaigong"] = row.figures.kaigong;
          if (row.figures.touzi !== null) values["touzi"] = row.figures.touzi;
          if (Object.keys(values).length > 0) byUnit[unit] = values;
        });
        const reported = units.filter((unit) => byUnit[unit] !== undefined);
        const missing = units.length - reported.length;
        const bulletin = compileBulletin({
          workspace,
          period: { year: 2024, month: 9 },
          targets: makeTargets({ kaigong: unitTargets }, touziTarget === null ? {} : { touzi: touziTarget }),
          figures: makeFigures(byUnit),
          scopeFigures: new Map(kaigongScope === null ? [] : [["kaigong", kaigongScope]]),
          findings: [],
          problems: [],
          issuedOn: "2024-10-09",
          docSequence: null,
        });
        expect(bulletin.missing).toEqual(units.filter((unit) => byUnit[unit] === undefined));

        const kaigongTotal = bulletin.indicators.find((indicator) => indicator.key === "kaigong")!.total;
        const reportedTargets = reported.map((unit) => unitTargets[unit]).filter((value): value is number => value !== undefined);
        const kaigongActuals = reported.map((unit) => byUnit[unit]!["kaigong"]).filter((value): value is number => value !== undefined);
        expect(kaigongTotal.target).toBe(reportedTargets.length > 0 ? exactSum(reportedTargets) : null);
        const sum = kaigongActuals.length > 0 ? exactSum(kaigongActuals) : null;
        expect(kaigongTotal.actual).toBe(kaigongScope ?? sum);
        // a whole-scope figure the units contradict is named (and so never published): below their
        // sum, or unequal to it once every unit is in
        const contradicts = kaigongScope !== null && sum !== null && (kaigongScope < sum || (missing === 0 && kaigongScope !== sum));
        expect((bulletin.contradictedTotals ?? []).map((found) => found.indicator)).toEqual(contradicts ? ["kaigong"] : []);

        const touziTotal = bulletin.indicators.find((indicator) => indicator.key === "touzi")!.total;
        expect(touziTotal.target).toBe(touziTarget);
        if (touziTarget !== null && missing > 0) expect(touziTotal.rate.text).toBeNull();
        // "withheld": no whole-scope rate at all while a unit is missing, and the text says so
        if (partialTotals === "withheld" && missing > 0) {
          expect(kaigongTotal.rate.text).toBeNull();
          expect(bulletin.totalsWithheld).toBe(true);
        } else expect(kaigongTotal.rate.text).toBe(kaigongTotal.target !== null && kaigongTotal.actual !== null ? computeRate(kaigongTotal.actual, kaigongTotal.target, workspace.rate).text : null);

        // the 附件's whole-scope row is the totals
        const scopeRow = bulletin.attachments[0]!.rows.find((row) => row.isScope)!;
        expect(scopeRow.cells["kaigong"]).toEqual(kaigongTotal);
        expect(scopeRow.cells["touzi"]).toEqual(touziTotal);

        // the text's numbers are the tables' numbers
        const text = bulletin.sections.map((section) => section.text).join("");
        for (const total of [{ ...kaigongTotal, measure: "套" }, { ...touziTotal, measure: "万元" }]) {
          if (total.actual !== null) expect(text).toContain(formatQuantity(total.actual, total.measure));
          if (total.rate.text !== null) expect(text).toContain(total.rate.text);
        }
        for (const indicator of bulletin.indicators) {
          for (const row of indicator.units) {
            if (row.actual !== null) expect(text, `${row.unit} ${indicator.key}`).toContain(formatQuantity(row.actual, indicator.measure));
          }
        }
        if (missing > 0) expect(text).not.toContain("均达到时序进度");
      }),
      { numRuns: 300, seed: 20_241_009 },
    );
  });
});
