// A finding that persists keeps its identity: 连续3个月零进度 is one finding with streak 3, not three.
import { describe, expect, it } from "vitest";
import {
  describeProblems,
  findFindings,
  findFindingsThroughYear,
  trackFindings,
  trackingLabel,
  type TrackedFinding,
} from "../../../src/domain/rules/index.ts";
import type { Figures } from "../../../src/domain/workspace.ts";
import { makeFigures, makeHistory, makeInput, makeTargets, makeWorkspace } from "./builders.ts";

const workspace = makeWorkspace({
  units: ["离石区", "柳林县"],
  indicators: [{ key: "touzi", group: "住房保障", name: "完成投资", measure: "万元" }],
});
const targets = makeTargets({ touzi: { 离石区: 5000, 柳林县: 4000 } });
const zero: Figures = makeFigures({ 离石区: { touzi: 0 }, 柳林县: { touzi: 3000 } });
const months: Record<number, Figures> = { 3: zero, 4: zero, 5: zero, 6: makeFigures({ 离石区: { touzi: 800 }, 柳林县: { touzi: 4000 } }) };
const history = makeHistory(2021, months);
const input = (month: number) => makeInput({ workspace, targets, history, period: { year: 2021, month } });

function runThrough(lastMonth: number): { open: TrackedFinding[]; closed: TrackedFinding[] } {
  let open: TrackedFinding[] = [];
  let closed: TrackedFinding[] = [];
  for (let month = 3; month <= lastMonth; month++) {
    const result = trackFindings(open, findFindings(input(month)), { year: 2021, month });
    open = [...result.upserts];
    closed = [...result.closed];
  }
  return { open, closed };
}

describe("tracking findings across months", () => {
  it("three months at zero are one finding with streak 3, first seen in March", () => {
    const { open } = runThrough(5);
    const zeroProgress = open.filter((t) => t.rule === "zero-progress");
    expect(zeroProgress).toHaveLength(1);
    expect(zeroProgress[0]).toMatchObject({ unit: "离石区", subject: "touzi", firstPeriod: "2021-03", lastPeriod: "2021-05", streak: 3, status: "open" });
    expect(trackingLabel(zeroProgress[0]!, { year: 2021, month: 5 })).toBe("仍未解决");
  });

  it("says so in 存在的问题", () => {
    const { open } = runThrough(5);
    const problems = describeProblems(findFindings(input(5)), workspace, { tracked: open });
    expect(problems[0]).toBe("一是住房保障完成投资零进度。离石区住房保障完成投资进度为零。离石区已连续3个月零进度。");
  });

  it("closes the finding the month it no longer holds", () => {
    const { open, closed } = runThrough(6);
    expect(open.some((t) => t.rule === "zero-progress")).toBe(false);
    const resolved = closed.find((t) => t.rule === "zero-progress")!;
    expect(resolved).toMatchObject({ status: "closed", closedPeriod: "2021-06", streak: 3, firstPeriod: "2021-03" });
    expect(trackingLabel(resolved, { year: 2021, month: 6 })).toBe("已解决");
  });

  it("is idempotent when a period is computed again", () => {
    const { open } = runThrough(5);
    const again = trackFindings(open, findFindings(input(5)), { year: 2021, month: 5 });
    expect(again.closed).toEqual([]);
    expect(again.upserts).toEqual(open);
  });

  it("marks a first-time finding 新增 and keeps the unit's explanation while it persists", () => {
    const { open } = runThrough(3);
    expect(trackingLabel(open.find((t) => t.rule === "zero-progress")!, { year: 2021, month: 3 })).toBe("新增");
    const explained = open.map((t) => (t.rule === "zero-progress" ? { ...t, explanation: "项目正在办理用地手续" } : t));
    const next = trackFindings(explained, findFindings(input(4)), { year: 2021, month: 4 });
    expect(next.upserts.find((t) => t.rule === "zero-progress")?.explanation).toBe("项目正在办理用地手续");
  });

  it("starts a new streak after a gap, and continues from December into January", () => {
    const { open } = runThrough(3);
    const afterGap = trackFindings(open, findFindings(input(5)), { year: 2021, month: 5 });
    expect(afterGap.upserts.find((t) => t.rule === "zero-progress")).toMatchObject({ streak: 1, firstPeriod: "2021-05" });
    const december = open.map((t) => ({ ...t, lastPeriod: "2021-12", firstPeriod: "2021-12" }));
    const january = trackFindings(december, findFindings(input(3)).map((f) => f), { year: 2022, month: 1 });
    expect(january.upserts.find((t) => t.rule === "zero-progress")).toMatchObject({ streak: 2, firstPeriod: "2021-12" });
  });

  it("does not rewrite a finding carried further when an older period is computed again", () => {
    const { open } = runThrough(5);
    const older = trackFindings(open, findFindings(input(4)), { year: 2021, month: 4 });
    expect(older.upserts.some((t) => t.rule === "zero-progress")).toBe(false);
    expect(older.closed).toEqual([]);
  });

  it("findFindingsThroughYear gives the same streak from the history alone", () => {
    const result = findFindingsThroughYear(input(5));
    expect(result.open.find((t) => t.rule === "zero-progress")).toMatchObject({ streak: 3, firstPeriod: "2021-03" });
    expect(result.findings).toEqual(findFindings(input(5)));
  });
});

describe("streaks in 存在的问题", () => {
  const units = ["甲县", "乙县", "丙县"];
  const ws = makeWorkspace({ units, indicators: [{ key: "touzi", group: "住房保障", name: "完成投资", measure: "万元" }] });
  const t = makeTargets({ touzi: { 甲县: 100, 乙县: 100, 丙县: 100 } });
  const allZero = makeFigures({ 甲县: { touzi: 0 }, 乙县: { touzi: 0 }, 丙县: { touzi: 0 } });

  it("says 均已连续 when every unit named shares the streak, and 其中 otherwise", () => {
    const same = findFindingsThroughYear(makeInput({ workspace: ws, targets: t, history: makeHistory(2021, { 3: allZero, 4: allZero }), period: { year: 2021, month: 4 } }));
    expect(describeProblems(same.findings, ws, { tracked: same.open })[0]).toBe("一是住房保障完成投资零进度。甲县、乙县、丙县住房保障完成投资进度为零。以上县区均已连续2个月零进度。");
    const march = makeFigures({ 甲县: { touzi: 0 }, 乙县: { touzi: 10 }, 丙县: { touzi: 0 } });
    const mixed = findFindingsThroughYear(makeInput({ workspace: ws, targets: t, history: makeHistory(2021, { 3: march, 4: allZero }), period: { year: 2021, month: 4 } }));
    // 乙县 fell back to zero: that is suspect (a decrease) and a new zero-progress finding.
    expect(describeProblems(mixed.findings, ws, { tracked: mixed.open })[0]).toBe("一是住房保障完成投资零进度。甲县、乙县、丙县住房保障完成投资进度为零。其中，甲县、丙县已连续2个月零进度。");
  });
});

describe("存在的问题 says what was resolved", () => {
  it("ends with the units whose problem of last month no longer holds, naming the subject", () => {
    const caughtUp = makeHistory(2021, { ...months, 6: makeFigures({ 离石区: { touzi: 2600 }, 柳林县: { touzi: 4000 } }) });
    const through = findFindingsThroughYear(makeInput({ workspace, targets, history: caughtUp, period: { year: 2021, month: 6 } }));
    expect(through.closed.some((t) => t.rule === "zero-progress" && t.unit === "离石区")).toBe(true);
    const problems = describeProblems(through.findings, workspace, { tracked: through.open, closed: through.closed });
    expect(problems.at(-1)).toBe("上月通报的问题中，离石区住房保障完成投资零进度问题已解决。");
  });

  it("does not call a problem resolved while the same unit and subject are named again (bug: 零进度已解决 beside 进度滞后)", () => {
    const through = findFindingsThroughYear(input(6));
    expect(through.closed.some((t) => t.rule === "zero-progress" && t.unit === "离石区")).toBe(true);
    expect(through.findings.some((f) => f.rule === "behind-schedule" && f.unit === "离石区")).toBe(true);
    const problems = describeProblems(through.findings, workspace, { tracked: through.open, closed: through.closed });
    expect(problems.join("")).not.toContain("已解决");
  });

  it("does not call a problem resolved for a unit that sent no figures this month (bug: 东山市…问题已解决 with nothing sent)", () => {
    const silent = makeHistory(2021, { ...months, 6: makeFigures({ 柳林县: { touzi: 4000 } }) });
    const through = findFindingsThroughYear(makeInput({ workspace, targets, history: silent, period: { year: 2021, month: 6 } }));
    expect(through.closed).toEqual([]);
    expect(through.findings.filter((f) => f.unit === "离石区" && f.state === "lagging")).toEqual([]);
    expect(describeProblems(through.findings, workspace, { tracked: through.open, closed: through.closed }).join("")).not.toContain("离石区");
  });

  it("says nothing of the kind when nothing was resolved", () => {
    const through = findFindingsThroughYear(input(5));
    const problems = describeProblems(through.findings, workspace, { tracked: through.open, closed: through.closed });
    expect(problems.join("")).not.toContain("已解决");
  });
});
