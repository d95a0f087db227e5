// A card's rank comes from one sorted table of the units' rates per indicator (rankTable), not from
// every unit's rate worked out again for every field: opening a period for 3,000 units was quadratic.
// Guards that the table ranks exactly as counting the units above does.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formFields, rankTable } from "../../../src/features/collect/form-model.ts";
import { computeRate } from "../../../src/domain/rate.ts";
import type { Indicator, RateStyle } from "../../../src/domain/workspace.ts";

const indicators: Indicator[] = ["kaigong", "touzi"].map((key, position) => ({ key, group: "棚户区改造", name: key, measure: "套", decimals: 0, rateName: "开工率", position }));
const units = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县"];
const style: RateStyle = { digits: 1, trailingZero: false };

describe("rankTable", () => {
  it("ranks every field as counting the units with a higher rate does, ties sharing a rank", () => {
    const figure = fc.option(fc.oneof(fc.constantFrom(0, 50, 100), fc.integer({ min: 0, max: 300 })), { nil: undefined });
    fc.assert(
      fc.property(fc.array(fc.tuple(figure, figure, figure, figure), { minLength: units.length, maxLength: units.length }), (rows) => {
        const targets = {
          units: new Map(indicators.map((indicator, i) => [indicator.key, new Map(units.flatMap((unit, u) => (rows[u]![i] === undefined ? [] : [[unit, rows[u]![i]!] as const])))])),
          scope: new Map<string, number>(),
        };
        const current = new Map(units.map((unit, u) => [unit, new Map(indicators.flatMap((indicator, i) => (rows[u]![i + 2] === undefined ? [] : [[indicator.key, rows[u]![i + 2]!] as const])))]));
        const ranks = rankTable(targets, current, style);
        for (const unit of units) {
          const input = { indicators, targets, unit, period: { year: 2024, month: 6 }, style, previous: new Map(), current };
          const shared = formFields({ ...input, ranks });
          expect(formFields(input)).toEqual(shared);
          for (const field of shared) {
            if (!field.standing) continue;
            const rates = units.map((other) => computeRate(current.get(other)?.get(field.key), targets.units.get(field.key)?.get(other), style).value).filter((v): v is number => v !== null);
            const own = computeRate(field.current, field.target, style).value!;
            expect(field.standing.rank).toBe(1 + rates.filter((other) => other > own).length);
            expect(field.standing.of).toBe(rates.length);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
