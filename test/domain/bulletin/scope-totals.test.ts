// One set of numbers: a whole-scope figure contradicts its units when it is below their sum, or differs
// from it once every unit has reported; an indicator the office knows in total on its own never does.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { contradictedTotals, contradictionsText } from "../../../src/domain/bulletin/scope-totals.ts";
import { makeFigures, makeWorkspace } from "../rules/builders.ts";

const UNITS = ["甘州区", "临泽县", "高台县"];
const touzi = { key: "touzi", group: "棚户区改造", name: "完成投资", measure: "万元" };
const workspace = makeWorkspace({ units: UNITS, indicators: [touzi, { key: "hu", group: "棚户区改造", name: "开工", measure: "套" }] });

describe("contradictedTotals", () => {
  it("names the indicator with both numbers and the difference (the 17342 against 17312 of the issue)", () => {
    const figures = makeFigures({ 甘州区: { touzi: 10000 }, 临泽县: { touzi: 7000 }, 高台县: { touzi: 312 } });
    const found = contradictedTotals(workspace, figures, new Map([["touzi", 17342]]));
    expect(found).toEqual([{ indicator: "touzi", label: "棚户区改造完成投资（万元）", scope: 17342, sum: 17312, difference: -30 }]);
    expect(contradictionsText({ scope: "全市", contradictedTotals: found })).toBe("全市棚户区改造完成投资（万元）为17342，各县区合计17312，相差30");
  });

  it("adds decimals exactly: 0.1 + 0.2 is 0.3", () => {
    const figures = makeFigures({ 甘州区: { touzi: 0.1 }, 临泽县: { touzi: 0.2 }, 高台县: { hu: 1 } });
    expect(contradictedTotals(workspace, figures, new Map([["touzi", 0.3]]))).toEqual([]);
  });

  it("holds as a property over random units and figures", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 100000 }), { nil: undefined }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: -500, max: 500 }),
        fc.boolean(),
        (values, offset, ownTotal) => {
          const byUnit: Record<string, Record<string, number>> = {};
          UNITS.forEach((unit, i) => {
            if (values[i] !== undefined) byUnit[unit] = { touzi: values[i] };
          });
          const given = values.filter((value): value is number => value !== undefined);
          const sum = given.reduce((a, b) => a + b, 0);
          const scope = Math.max(0, sum + offset);
          const model = ownTotal ? { ...workspace, indicators: workspace.indicators.map((indicator) => ({ ...indicator, ownTotal: true })) } : workspace;
          const found = contradictedTotals(model, makeFigures(byUnit), new Map([["touzi", scope]]));
          const allIn = given.length === UNITS.length;
          const expected = !ownTotal && given.length > 0 && (scope < sum || (allIn && scope !== sum));
          expect(found.length > 0).toBe(expected);
          if (expected) expect(found[0]!.difference).toBe(sum - scope);
        },
      ),
    );
  });
});
