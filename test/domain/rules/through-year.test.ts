// findFindingsThroughYear judges the earlier months only for which findings held (their keys, for the
// streaks) and words only the period's findings and the ones that closed. Guards against the fast path
// drifting from the plain one: every rule with full wording, month by month, tracked by trackFindings.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeProblems, findFindings, findFindingsThroughYear, trackFindings, type Finding, type FindingsInput, type TrackedFinding } from "../../../src/domain/rules/index.ts";
import { periodKey } from "../../../src/domain/period.ts";
import { canClose, ruleJudgesIn } from "../../../src/domain/rules/judged.ts";
import type { Figures, ScopeFigures } from "../../../src/domain/workspace.ts";
import { FiguresTable, figuresLayout } from "../../../src/domain/figures-table.ts";
import { SIX_INDICATORS as INDICATORS, makeInput, makeTargets, makeWorkspace } from "./builders.ts";

/** The plain path, as findFindingsThroughYear was written before it skipped the wording of earlier months. */
function slowFindingsThroughYear(input: FindingsInput, scopeHistory?: ReadonlyMap<string, ScopeFigures>) {
  let open: TrackedFinding[] = [];
  let closed: readonly TrackedFinding[] = [];
  let findings: Finding[] = [];
  for (let month = 1; month <= input.period.month; month++) {
    const period = { year: input.period.year, month };
    const isCurrent = month === input.period.month;
    if (!isCurrent && !input.history.has(periodKey(period))) continue;
    const history = new Map<string, Figures>();
    for (let m = 1; m <= month; m++) {
      const key = periodKey({ year: input.period.year, month: m });
      const figures = input.history.get(key);
      if (figures) history.set(key, figures);
    }
    findings = findFindings(
      isCurrent
        ? { ...input, history }
        : { ...input, history, period, submissions: undefined, explanations: undefined, deadline: null, scopeFigures: scopeHistory?.get(periodKey(period)) },
    );
    // Closed only on evidence: the rule judged this month and the unit reported (src/domain/rules/judged.ts).
    const reported = input.history.get(periodKey(period));
    const mayClose = (t: TrackedFinding) => canClose(t, input.settings, period, t.level === "scope" ? UNITS.every((unit) => hasAnyFigure(reported, unit)) : hasAnyFigure(reported, t.unit));
    const result = trackFindings(open, findings, period, mayClose);
    open = [...result.upserts];
    closed = result.closed;
  }
  return { findings, open, closed };
}

function hasAnyFigure(figures: Figures | undefined, unit: string): boolean {
  return INDICATORS.some((indicator) => figures?.get(unit)?.has(indicator.key) ?? false);
}

const UNITS = ["甲县", "乙县", "丙区", "丁市"];
const workspace = makeWorkspace({
  units: UNITS,
  indicators: INDICATORS,
  ratios: [{ key: "zhichulv", name: "支出率", numerator: "zhichu", denominator: "daowei" }],
});

const value = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 300_000 }).map((n) => n / 100));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 4 });
/** unit → indicator → value, some missing */
const figures = fc.array(fc.array(maybe(value), { minLength: INDICATORS.length, maxLength: INDICATORS.length }), { minLength: UNITS.length, maxLength: UNITS.length });
const targets = fc.array(fc.array(maybe(fc.integer({ min: 0, max: 2000 })), { minLength: 3, maxLength: 3 }), { minLength: UNITS.length, maxLength: UNITS.length });

const workspaceCase = fc.record({
  month: fc.integer({ min: 1, max: 12 }),
  /** which months have figures (a skipped month breaks a streak) */
  present: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  months: fc.array(figures, { minLength: 12, maxLength: 12 }),
  targets,
  scopeTouzi: maybe(fc.integer({ min: 1, max: 20_000 })),
  scopeActual: fc.array(maybe(value), { minLength: 12, maxLength: 12 }),
  cadence: fc.constantFrom("quarter" as const, "month" as const),
  withSpendPairs: fc.boolean(),
  withSubmissions: fc.boolean(),
  withExplanation: fc.boolean(),
});

type WorkspaceCase = typeof workspaceCase extends fc.Arbitrary<infer T> ? T : never;

function inputOf(c: WorkspaceCase): { input: FindingsInput; scopeHistory: Map<string, ScopeFigures> } {
  const history = new Map<string, Figures>();
  const scopeHistory = new Map<string, ScopeFigures>();
  for (let m = 1; m <= c.month; m++) {
    if (!c.present[m - 1] && m !== c.month) continue;
    const byUnit: Figures = new Map(
      UNITS.map((unit, u) => [unit, new Map(INDICATORS.flatMap((indicator, i) => (c.months[m - 1]![u]![i] === undefined ? [] : [[indicator.key, c.months[m - 1]![u]![i]!] as const])))] as const).filter(([, values]) => values.size > 0),
    );
    history.set(periodKey({ year: 2024, month: m }), byUnit);
    const scope = c.scopeActual[m - 1];
    scopeHistory.set(periodKey({ year: 2024, month: m }), new Map(scope === undefined ? [] : [["touzi", scope]]));
  }
  const targetKeys = ["kaigong", "touzi", "zlbt_hu"];
  const unitTargets = Object.fromEntries(targetKeys.map((key, k) => [key, Object.fromEntries(UNITS.flatMap((unit, u) => (c.targets[u]![k] === undefined ? [] : [[unit, c.targets[u]![k]!]])))]));
  const period = { year: 2024, month: c.month };
  const input = makeInput({
    workspace,
    targets: makeTargets(unitTargets, c.scopeTouzi === undefined ? {} : { touzi: c.scopeTouzi }),
    history,
    period,
    settings: {
      subsidyNotPaid: { cadence: c.cadence },
      belowAverage: { subjects: ["zhichulv", "kaigong"] },
      anomalies: c.withSpendPairs ? { spendPairs: [{ spend: "zhichu", funds: "daowei" }, { spend: "zhichu", funds: "touzi" }] } : {},
    },
    scopeFigures: scopeHistory.get(periodKey(period)),
    submissions: c.withSubmissions ? new Map([["甲县", [{ submittedAt: new Date("2024-12-20T00:00:00Z"), isLate: true }]]]) : undefined,
    deadline: c.withSubmissions ? new Date("2024-12-05T10:00:00Z") : null,
    explanations: c.withExplanation ? new Map(UNITS.map((unit) => [unit, new Map(INDICATORS.map((i) => [i.key, "已核实"]))])) : undefined,
  });
  return { input, scopeHistory };
}

describe("findFindingsThroughYear", () => {
  it("gives the same findings, tracked findings and closed findings as judging every month in full", () => {
    fc.assert(
      fc.property(workspaceCase, (c) => {
        const { input, scopeHistory } = inputOf(c);
        const { judged: _judged, ...result } = findFindingsThroughYear(input, scopeHistory);
        expect(result).toEqual(slowFindingsThroughYear(input, scopeHistory));
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same result when the months before come already judged, as an earlier call judged them", () => {
    fc.assert(
      fc.property(workspaceCase, (c) => {
        const { input, scopeHistory } = inputOf(c);
        const first = findFindingsThroughYear(input, scopeHistory);
        const again = findFindingsThroughYear(input, scopeHistory, first.judged);
        expect({ ...again, judged: undefined }).toEqual({ ...first, judged: undefined });
        // Only the month right before the period is judged again (its closing findings need wording).
        const lastBefore = Math.max(0, ...first.judged.keys());
        expect([...again.judged.keys()]).toEqual(lastBefore > 0 ? [lastBefore] : []);
      }),
      { numRuns: 200 },
    );
  });

  it("counts streaks from the judged months it is given: a month judged with other findings changes them", () => {
    // Zero progress in every month: with month 2's judgement replaced by "nothing held", the streak restarts in month 3.
    const sample = fc.sample(workspaceCase, { numRuns: 300, seed: 3 }).map((c) => ({ c, ...inputOf(c) })).find(({ c, input, scopeHistory }) => c.month >= 4 && [1, 2, 3].every((m) => c.present[m - 1]) && findFindingsThroughYear(input, scopeHistory).open.some((t) => t.streak >= 3));
    expect(sample).toBeDefined();
    const { input, scopeHistory } = sample!;
    const first = findFindingsThroughYear(input, scopeHistory);
    const emptied = new Map(first.judged);
    emptied.set(2, new Int32Array(0));
    const again = findFindingsThroughYear(input, scopeHistory, emptied);
    expect(Math.max(...again.open.map((t) => t.streak))).toBeLessThan(Math.max(...first.open.map((t) => t.streak)));
  });

  it("gives the same findings when the months before the period come as tables by position (as the store reads them)", () => {
    fc.assert(
      fc.property(workspaceCase, (c) => {
        const { input, scopeHistory } = inputOf(c);
        const layout = figuresLayout(input.workspace);
        const asTables = new Map([...input.history].map(([key, figures]) => [key, key === periodKey(input.period) ? figures : tableOf(layout, figures)]));
        expect(findFindingsThroughYear({ ...input, history: asTables }, scopeHistory)).toEqual(findFindingsThroughYear(input, scopeHistory));
      }),
      { numRuns: 200 },
    );
  });

  it("closes findings of the month before with their wording and streak", () => {
    // Months 3 to 5 at zero progress, month 6 done: the finding closes with streak 3 and month 5's text.
    const sample = fc.sample(workspaceCase, { numRuns: 200, seed: 9 }).map(inputOf).find(({ input, scopeHistory }) => slowFindingsThroughYear(input, scopeHistory).closed.length > 0);
    expect(sample).toBeDefined();
    const { input, scopeHistory } = sample!;
    expect(findFindingsThroughYear(input, scopeHistory).closed).toEqual(slowFindingsThroughYear(input, scopeHistory).closed);
  });
});

function tableOf(layout: ReturnType<typeof figuresLayout>, figures: Figures): FiguresTable {
  const table = new FiguresTable(layout);
  layout.units.forEach((unit, row) => {
    const values = figures.get(unit.name);
    if (values === undefined) return;
    table.markReported(row);
    layout.indicators.forEach((indicator, column) => {
      const value = values.get(indicator.key);
      if (value !== undefined) table.set(row, column, value);
    });
  });
  return table;
}

describe("judged on evidence only (random months, missing units, quarter ends)", () => {
  const labels = [...INDICATORS.map((i) => `${i.group}${i.name}`), "支出率"].sort((a, b) => b.length - a.length);
  const phrases = ["零进度", "未按时发放租赁补贴", "进展缓慢", "进度滞后", "低于平均水平", "未按时报送", "滞后"];

  /** 上月通报的问题中，甲县、乙县棚户区改造开工进度滞后问题，…已解决。 → each part's units and subject label */
  function resolvedParts(problems: readonly string[]): { units: string[]; label: string }[] {
    const sentence = problems.find((p) => p.startsWith("上月通报的问题中，"));
    if (!sentence) return [];
    const body = sentence.slice("上月通报的问题中，".length, -"已解决。".length);
    return body.split("，").map((part) => {
      const withoutProblem = part.replace(/问题$/, "");
      const phrase = phrases.find((p) => withoutProblem.endsWith(p))!;
      const rest = withoutProblem.slice(0, -phrase.length);
      const label = labels.find((l) => rest.endsWith(l)) ?? "";
      const listed = rest.slice(0, rest.length - label.length).replace(/等?\d+个(县区|市县|县市|单位)$/, "");
      return { units: listed.split("、"), label };
    });
  }

  it("names no unit and subject both as resolved and as a problem, and resolves nothing on no evidence", () => {
    fc.assert(
      fc.property(workspaceCase, (c) => {
        const { input, scopeHistory } = inputOf(c);
        const result = findFindingsThroughYear(input, scopeHistory);
        const reported = input.history.get(periodKey(input.period));
        for (const t of result.closed.filter((t) => t.level === "unit" && t.rule !== "late" && t.rule !== "late-revision")) {
          expect(hasAnyFigure(reported, t.unit), `${t.unit} ${t.rule} closed without figures`).toBe(true);
          expect(ruleJudgesIn(t.rule, input.settings, input.period), `${t.rule} closed in a month it does not judge`).toBe(true);
        }
        const problems = describeProblems(result.findings, workspace, { tracked: result.open, closed: result.closed });
        const named = new Set(result.findings.filter((f) => f.state === "lagging").map((f) => `${f.unit}|${labelOf(f.indicator)}`));
        for (const part of resolvedParts(problems)) {
          for (const unit of part.units) {
            expect(UNITS, `${unit} in “${problems.at(-1)}”`).toContain(unit);
            expect(hasAnyFigure(reported, unit), `${unit} resolved without figures`).toBe(true);
            if (part.label) expect(named.has(`${unit}|${part.label}`), `${unit}${part.label} both resolved and named`).toBe(false);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("judges no unit without figures in the period, except as late", () => {
    fc.assert(
      fc.property(workspaceCase, (c) => {
        const { input, scopeHistory } = inputOf(c);
        const reported = input.history.get(periodKey(input.period));
        const result = findFindingsThroughYear(input, scopeHistory);
        const judged = result.findings.filter((f) => f.level === "unit" && f.rule !== "late" && !hasAnyFigure(reported, f.unit));
        expect(judged.map((f) => `${f.unit} ${f.rule} ${f.indicator}`)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

function labelOf(subject: string | null): string {
  if (subject === "zhichulv") return "支出率";
  const indicator = INDICATORS.find((i) => i.key === subject);
  return indicator ? `${indicator.group}${indicator.name}` : "";
}
