// Seed Lvliang 2021 (end of April): 棚户区改造已开工999套，占年度目标任务的24.94%, far from 时间过半任务过半.
import { describe, expect, it } from "vitest";
import { describeProblems, findFindings } from "../../../src/domain/rules/index.ts";
import { makeFigures, makeHistory, makeInput, makeTargets, makeWorkspace } from "./builders.ts";

const units = ["柳林县", "孝义市", "方山县", "兴县", "离石区", "经开区"];
const workspace = makeWorkspace({
  units,
  indicators: [{ key: "pg_kaigong", group: "棚户区改造", name: "开工", measure: "套" }],
  digits: 2,
  trailingZero: true,
  asOfWord: "截止", // as the Lvliang seed writes it
});
// Targets summing to the province's 4005; 柳林县 and 孝义市 over their task (263 + 736 = 999), the rest at 0.
const targets = makeTargets({ pg_kaigong: { 柳林县: 250, 孝义市: 560, 方山县: 180, 兴县: 235, 离石区: 1700, 经开区: 1080 } });
const april = makeFigures({
  柳林县: { pg_kaigong: 263 },
  孝义市: { pg_kaigong: 736 },
  方山县: { pg_kaigong: 0 },
  兴县: { pg_kaigong: 0 },
  离石区: { pg_kaigong: 0 },
  经开区: { pg_kaigong: 0 },
});

describe("Lvliang, end of April", () => {
  const input = makeInput({ workspace, targets, history: makeHistory(2021, { 4: april }), period: { year: 2021, month: 4 } });
  const findings = findFindings(input);

  it("finds the city's 24.94% behind the time-proportional 33.33%", () => {
    const scope = findings.find((f) => f.level === "scope" && f.rule === "behind-schedule");
    expect(scope).toBeDefined();
    expect(scope!.unit).toBe("全市");
    expect(scope!.figures).toMatchObject({ target: 4005, actual: 999, rate: "24.94%", expected: "33.33%", gap: "8.39" });
    expect(scope!.text).toBe("全市棚户区改造开工年度任务4005套，截止4月底开工999套，开工率24.94%，低于时序进度（33.33%）8.39个百分点。");
  });

  it("names the units still at zero once, as zero progress rather than also behind schedule", () => {
    const zero = findings.filter((f) => f.rule === "zero-progress");
    expect(zero.map((f) => f.unit)).toEqual(["方山县", "兴县", "离石区", "经开区"]);
    expect(findings.filter((f) => f.level === "unit" && f.rule === "behind-schedule")).toEqual([]);
    expect(zero.find((f) => f.unit === "离石区")!.text).toBe("离石区棚户区改造开工年度任务1700套，截止4月底开工进度为零。");
  });

  it("does not name units ahead of their task", () => {
    expect(findings.some((f) => f.unit === "柳林县" || f.unit === "孝义市")).toBe(false);
  });

  it("follows a workspace's own curve: back-loaded, 24.94% is not behind", () => {
    const curve = [0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    const relaxed = findFindings(makeInput({ workspace, targets, history: input.history, period: input.period, settings: { behindSchedule: { curve } } }));
    expect(relaxed.some((f) => f.level === "scope" && f.rule === "behind-schedule")).toBe(false);
  });

  it("allows a tolerance in percentage points", () => {
    const tolerant = makeInput({ workspace, targets, history: input.history, period: input.period, settings: { behindSchedule: { tolerance: 9 } } });
    expect(findFindings(tolerant).some((f) => f.rule === "behind-schedule")).toBe(false);
  });

  it("flags a unit below the expectation but above zero", () => {
    const may = makeFigures({ 柳林县: { pg_kaigong: 263 }, 孝义市: { pg_kaigong: 736 }, 方山县: { pg_kaigong: 50 }, 兴县: { pg_kaigong: 100 }, 离石区: { pg_kaigong: 0 }, 经开区: { pg_kaigong: 0 } });
    const found = findFindings(makeInput({ workspace, targets, history: makeHistory(2021, { 4: may }), period: { year: 2021, month: 4 } }));
    const behind = found.filter((f) => f.level === "unit" && f.rule === "behind-schedule");
    // 50/180 = 27.78% < 33.33%; 100/235 = 42.55% is ahead.
    expect(behind.map((f) => [f.unit, f.figures.rate])).toEqual([["方山县", "27.78%"]]);
    expect(behind[0]!.text).toContain("方山县");
    expect(behind[0]!.text).toContain("50套");
    expect(behind[0]!.text).toContain("180套");
  });

  it("starts the paragraph with the city's shortfall and keeps zero progress apart", () => {
    const problems = describeProblems(findings, workspace);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe("一是棚户区改造开工零进度。方山县、兴县、离石区、经开区4个县区棚户区改造开工进度为零。");
    expect(problems[1]).toMatch(/^二是全市棚户区改造开工年度任务4005套.*24\.94%/);
  });
});
