// Properties of the engine as a whole: pure, deterministic, blind to the order of its input maps.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findFindings, RULE_STATE } from "../../../src/domain/rules/index.ts";
import type { Figures, Targets } from "../../../src/domain/workspace.ts";
import { makeInput, makeWorkspace } from "./builders.ts";
import { periodKey } from "../../../src/domain/period.ts";

const units = ["甲县", "乙县", "丙县", "丁县"];
const keys = ["kaigong", "zlbt_hu", "daowei", "zhichu"] as const;
const workspace = makeWorkspace({
  units,
  indicators: [
    { key: "kaigong", group: "棚户区改造", name: "开工", measure: "套" },
    { key: "zlbt_hu", group: "住房租赁补贴", name: "发放", measure: "户" },
    { key: "daowei", group: "资金", name: "到位资金", measure: "万元" },
    { key: "zhichu", group: "资金", name: "支出", measure: "万元" },
  ],
  ratios: [{ key: "zhichulv", name: "支出率", numerator: "zhichu", denominator: "daowei" }],
});

const cell = fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined });
const monthFigures = fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 4, maxLength: 4 });

function figuresOf(rows: (number | undefined)[][], unitOrder: readonly number[], keyOrder: readonly number[]): Figures {
  return new Map(
    unitOrder.map((u) => [
      units[u]!,
      new Map(keyOrder.flatMap((k) => (rows[u]![k] === undefined ? [] : [[keys[k]!, rows[u]![k]!] as const]))),
    ]),
  );
}

function targetsOf(rows: (number | undefined)[][], unitOrder: readonly number[]): Targets {
  return {
    units: new Map(keys.slice(0, 2).map((key, k) => [key, new Map(unitOrder.flatMap((u) => (rows[u]![k] === undefined ? [] : [[units[u]!, rows[u]![k]!] as const])))])),
    scope: new Map(),
  };
}

describe("findFindings properties", () => {
  it("gives the same findings whatever the order of units, indicators and months in the maps", () => {
    fc.assert(
      fc.property(
        fc.array(monthFigures, { minLength: 3, maxLength: 3 }),
        monthFigures,
        fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
        fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
        (months, targetRows, unitOrder, keyOrder) => {
          const build = (uo: readonly number[], ko: readonly number[], reverseMonths: boolean) => {
            const entries = months.map((rows, i) => [periodKey({ year: 2023, month: 7 + i }), figuresOf(rows, uo, ko)] as const);
            return makeInput({
              workspace: { ...workspace, units: uo.map((u) => workspace.units[u]!) },
              targets: targetsOf(targetRows, uo),
              history: new Map(reverseMonths ? entries.reverse() : entries),
              period: { year: 2023, month: 9 },
            });
          };
          const a = findFindings(build([0, 1, 2, 3], [0, 1, 2, 3], false));
          const b = findFindings(build(unitOrder, keyOrder, true));
          expect(b).toEqual(a);
          expect(findFindings(build([0, 1, 2, 3], [0, 1, 2, 3], false))).toEqual(a);
        },
      ),
    );
  });

  it("gives every finding the state of its rule, a known unit and one sentence naming it", () => {
    fc.assert(
      fc.property(monthFigures, monthFigures, fc.integer({ min: 1, max: 12 }), (rows, targetRows, month) => {
        const findings = findFindings(
          makeInput({
            workspace,
            targets: targetsOf(targetRows, [0, 1, 2, 3]),
            history: new Map([[periodKey({ year: 2023, month }), figuresOf(rows, [0, 1, 2, 3], [0, 1, 2, 3])]]),
            period: { year: 2023, month },
          }),
        );
        for (const f of findings) {
          expect(f.state).toBe(RULE_STATE[f.rule]);
          expect([...units, "全市"]).toContain(f.unit);
          expect(f.text.startsWith(f.unit)).toBe(true);
          expect(f.text.endsWith("。")).toBe(true);
        }
        const slots = findings.map((f) => `${f.rule}|${f.level}|${f.unit}|${f.indicator}`);
        expect(new Set(slots).size).toBe(slots.length);
      }),
    );
  });
});
