// late (逾期未报 / 逾期报送) and late-revision, with a fixed `now` and a deadline in Asia/Shanghai.
import { describe, expect, it } from "vitest";
import { describeProblems, findFindings, type RevisionRecord } from "../../../src/domain/rules/index.ts";
import { makeFigures, makeHistory, makeInput, makeTargets, makeWorkspace } from "./builders.ts";

const workspace = makeWorkspace({
  units: ["甘州区", "临泽县", "高台县", "山丹县"],
  indicators: [{ key: "zlbt_hu", group: "住房租赁补贴", name: "发放", measure: "户" }],
});
const targets = makeTargets({ zlbt_hu: { 甘州区: 1100, 临泽县: 258, 高台县: 260, 山丹县: 600 } });
// 2024-01-05 18:00 in Shanghai.
const deadline = new Date("2024-01-05T10:00:00Z");
const at = (iso: string, isLate = false): RevisionRecord => ({ submittedAt: new Date(iso), isLate });
const submissions = new Map<string, RevisionRecord[]>([
  ["甘州区", [at("2024-01-04T02:00:00Z")]],
  // first revision on time, a correction after the deadline
  ["高台县", [at("2024-01-05T09:59:00Z"), at("2024-01-06T01:30:00Z", true)]],
  // first submitted after the deadline
  ["山丹县", [at("2024-01-05T12:15:00Z", true)]],
]);
const history = makeHistory(2023, { 12: makeFigures({ 甘州区: { zlbt_hu: 1100 }, 高台县: { zlbt_hu: 294 }, 山丹县: { zlbt_hu: 608 } }) });
const period = { year: 2023, month: 12 };

describe("late submissions", () => {
  it("reports nothing before the deadline has passed", () => {
    const now = new Date("2024-01-05T09:00:00Z");
    const soFar = new Map([["甘州区", [at("2024-01-04T02:00:00Z")]]]);
    const found = findFindings(makeInput({ workspace, targets, history, period, submissions: soFar, deadline, now }));
    expect(found.filter((f) => f.state === "late")).toEqual([]);
  });

  it("reports a unit without a submission one minute after the deadline", () => {
    const soFar = new Map([["甘州区", [at("2024-01-04T02:00:00Z")]]]);
    const found = findFindings(makeInput({ workspace, targets, history, period, submissions: soFar, deadline, now: new Date("2024-01-05T10:01:00Z") }));
    expect(found.filter((f) => f.rule === "late").map((f) => f.unit)).toEqual(["临泽县", "高台县", "山丹县"]);
  });

  it("after the deadline: 临泽县 never reported, 山丹县 reported late, 高台县 revised late", () => {
    const now = new Date("2024-01-06T02:00:00Z");
    const found = findFindings(makeInput({ workspace, targets, history, period, submissions, deadline, now }));
    const late = found.filter((f) => f.state === "late");
    expect(late.map((f) => [f.rule, f.unit])).toEqual([
      ["late", "临泽县"],
      ["late-revision", "高台县"],
      ["late", "山丹县"],
    ]);
    expect(late[0]!.text).toBe("临泽县截至1月5日18:00（报送截止时间）未报送12月份数据，逾期未报。");
    expect(late[0]!.indicator).toBeNull();
    expect(late[2]!.text).toBe("山丹县于1月5日20:15报送12月份数据，晚于报送截止时间1月5日18:00。");
    expect(late[1]!.text).toContain("1月6日09:30");
  });

  it("keeps late apart from lagging in 存在的问题, and leaves late revisions out of it", () => {
    const now = new Date("2024-01-06T02:00:00Z");
    const found = findFindings(makeInput({ workspace, targets, history, period, submissions, deadline, now }));
    const problems = describeProblems(found, workspace);
    const latePara = problems.find((p) => p.includes("未按时报送"))!;
    expect(latePara).toMatch(/^[一二三四五六七八九十]+是部分县区未按时报送数据。临泽县截至报送截止时间（1月5日18:00）仍未报送数据；山丹县逾期报送。$/);
    expect(problems.some((p) => p.includes("高台县") && p.includes("未按时报送"))).toBe(false);
    // a late unit has no figures and so no lagging finding either
    expect(found.some((f) => f.unit === "临泽县" && f.state !== "late")).toBe(false);
  });

  it("uses the recorded flag when the period has no deadline, and never reports a missing submission", () => {
    const found = findFindings(makeInput({ workspace, targets, history, period, submissions, deadline: null, now: new Date("2024-02-01T00:00:00Z") }));
    expect(found.filter((f) => f.state === "late").map((f) => [f.rule, f.unit])).toEqual([
      ["late-revision", "高台县"],
      ["late", "山丹县"],
    ]);
  });

  it("can be switched off, or asked not to report revisions", () => {
    const now = new Date("2024-01-06T02:00:00Z");
    const off = findFindings(makeInput({ workspace, targets, history, period, submissions, deadline, now, settings: { late: { enabled: false } } }));
    expect(off.some((f) => f.state === "late")).toBe(false);
    const noRevisions = findFindings(makeInput({ workspace, targets, history, period, submissions, deadline, now, settings: { late: { revisions: false } } }));
    expect(noRevisions.some((f) => f.rule === "late-revision")).toBe(false);
  });
});
