// Bounds no 上报说明 can pass, and notes that say something (bug: 支出 99,999,999,999万元 against
// 到位资金 2,900 was accepted after typing “确认”).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HARD_MULTIPLE, hardBound, isMeaningfulNote } from "../../src/domain/figure-bounds.ts";

describe("hardBound", () => {
  it("is 100 times the annual target, else 100 times last month's figure, else the measure's ceiling", () => {
    expect(hardBound({ target: 3032, previous: 2800, measure: "户" })).toEqual({ limit: 303_200, basis: "target" });
    expect(hardBound({ target: null, previous: 2900, measure: "万元" })).toEqual({ limit: 290_000, basis: "previous" });
    expect(hardBound({ target: null, previous: null, measure: "万元" })).toEqual({ limit: 100_000_000, basis: "measure" });
    expect(hardBound({ target: 0, previous: 0, measure: "套" }).basis).toBe("measure");
  });

  it("refuses the reported typo and never goes above the measure's ceiling", () => {
    expect(99_999_999_999 > hardBound({ target: null, previous: 2900, measure: "万元" }).limit).toBe(true);
    fc.assert(
      fc.property(fc.option(fc.double({ min: 0, max: 1e15, noNaN: true })), fc.option(fc.double({ min: 0, max: 1e15, noNaN: true })), (target, previous) => {
        const bound = hardBound({ target, previous, measure: "万元" });
        expect(bound.limit).toBeLessThanOrEqual(100_000_000);
        if (target !== null && target > 0) expect(bound.limit).toBeLessThanOrEqual(target * HARD_MULTIPLE);
      }),
    );
  });
});

describe("isMeaningfulNote", () => {
  it.each(["确认", "好", "0", " 确认！", "OK", "数据无误", "99999999999", "99,999,999,999万元"])("refuses “%s”", (note) => {
    expect(isMeaningfulNote(note, "99,999,999,999")).toBe(false);
  });

  it.each(["含2022年结转项目2223套", "本月核减了重复统计的12户", "省级补助资金集中下达"])("takes “%s”", (note) => {
    expect(isMeaningfulNote(note, "2470")).toBe(true);
  });
});
