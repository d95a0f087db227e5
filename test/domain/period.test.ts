import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { asOfLabel, expectedShare, parsePeriod, periodKey, periodName, rangeLabel } from "../../src/domain/period.ts";
import { chineseNumeral } from "../../src/domain/chinese-numerals.ts";
import { chineseDate } from "../../src/domain/dates.ts";

describe("periods", () => {
  it("labels months as the seeds do", () => {
    expect(periodName({ year: 2023, month: 12 })).toBe("2023年12月");
    expect(periodName({ year: 2024, month: 1 })).toBe("2024年1月");
    expect(rangeLabel({ year: 2023, month: 12 })).toBe("1--12月");
    expect(rangeLabel({ year: 2022, month: 9 }, "-")).toBe("1-9月");
    expect(rangeLabel({ year: 2022, month: 1 })).toBe("1月");
    expect(asOfLabel({ year: 2023, month: 12 })).toBe("截至12月底");
    expect(asOfLabel({ year: 2023, month: 12 }, "截止")).toBe("截止12月底");
  });

  it("round-trips every period through its key", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        expect(parsePeriod(periodKey({ year, month }))).toEqual({ year, month });
        expect(rangeLabel({ year, month })).toMatch(month === 1 ? /^1月$/ : new RegExp(`^1--${month}月$`));
      }),
    );
  });

  it("refuses bad periods with a message naming them", () => {
    for (const bad of ["2023-13", "2023-0", "2023/12", "十二月", "", "2023-12-01"]) {
      expect(() => parsePeriod(bad)).toThrow(new RegExp(`填报期“${bad}”无效`));
    }
  });

  it("expects N/12 of the target at the end of month N, or the workspace's curve", () => {
    expect(expectedShare({ year: 2021, month: 4 })).toBeCloseTo(1 / 3);
    expect(expectedShare({ year: 2021, month: 6 })).toBe(0.5);
    const curve = [0, 0, 0.05, 0.15, 0.3, 0.45, 0.6, 0.7, 0.8, 0.9, 0.95, 1];
    expect(expectedShare({ year: 2021, month: 4 }, curve)).toBe(0.15);
  });

  it("numbers and dates in Chinese", () => {
    expect([1, 2, 10, 11, 20, 21].map(chineseNumeral)).toEqual(["一", "二", "十", "十一", "二十", "二十一"]);
    expect(chineseDate("2024-01-09")).toBe("2024年1月9日");
    expect(() => chineseDate("2024-02-30")).toThrow("不存在");
  });
});
