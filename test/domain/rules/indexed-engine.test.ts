// The engine reads figures and targets from a grid indexed by unit and indicator position, shares each
// month's rates between rules and keeps findings as numbers until they are worded. This holds it to a
// plain reading of the rules, straight from the input maps by name, on small random provinces: the
// same findings must hold (rule, level, unit, subject), as many times each.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactSum, percentHalfUp } from "../../../src/domain/decimal.ts";
import { isQuarterEnd, periodKey } from "../../../src/domain/period.ts";
import { findFindings, type FindingsInput, type RuleId } from "../../../src/domain/rules/index.ts";
import type { Figures } from "../../../src/domain/workspace.ts";
import { SIX_INDICATORS as INDICATORS, makeInput, makeTargets, makeWorkspace } from "./builders.ts";

/** Which findings hold, read plainly: rule by rule over the maps, then the overlaps removed. */
function plainFindings(input: FindingsInput): string[] {
  const { workspace, settings, targets, period } = input;
  const units = [...workspace.units].sort((a, b) => a.position - b.position).map((u) => u.name);
  const indicators = [...workspace.indicators].sort((a, b) => a.position - b.position);
  const digits = workspace.rate.digits;
  const figures = (month: number): Figures | undefined => input.history.get(periodKey({ year: period.year, month }));
  const figureIn = (month: number, unit: string, key: string): number | null => figures(month)?.get(unit)?.get(key) ?? null;
  const current = (unit: string, key: string) => figureIn(period.month, unit, key);
  const lastBefore = (month: number, unit: string, key: string) => {
    for (let m = month - 1; m >= 1; m--) if (figureIn(m, unit, key) !== null) return { month: m, value: figureIn(m, unit, key)! };
    return null;
  };
  const target = (unit: string, key: string): number | null => {
    const t = targets.units.get(key)?.get(unit);
    return t !== undefined && t > 0 ? t : null;
  };
  const rate = (n: number | null, d: number | null): number | null => (n === null || d === null || d <= 0 || n < 0 ? null : percentHalfUp(n, d, digits));
  const scopeProgress = (key: string): { target: number; actual: number } | null => {
    const unitTargets = units.map((u) => target(u, key)).filter((t): t is number => t !== null);
    const total = targets.scope.get(key) ?? (unitTargets.length > 0 ? exactSum(unitTargets) : null);
    if (total === null || total <= 0) return null;
    const own = input.scopeFigures?.get(key);
    if (own !== undefined) return { target: total, actual: own };
    const reporting = units.filter((u) => target(u, key) !== null || current(u, key) !== null);
    if (reporting.length === 0 || reporting.some((u) => current(u, key) === null && target(u, key) !== null)) return null;
    return { target: total, actual: exactSum(reporting.map((u) => current(u, key)).filter((v): v is number => v !== null)) };
  };
  type Progress = { level: "unit" | "scope"; who: string; target: number; actual: number; rate: number | null };
  const progresses = (key: string, withScope: boolean): Progress[] => {
    const scope = withScope ? scopeProgress(key) : null;
    const list: Progress[] = scope ? [{ level: "scope", who: workspace.scope, ...scope, rate: rate(scope.actual, scope.target) }] : [];
    for (const u of units) {
      const t = target(u, key);
      const a = current(u, key);
      if (t !== null && a !== null) list.push({ level: "unit", who: u, target: t, actual: a, rate: rate(a, t) });
    }
    return list;
  };
  const select = (keys: readonly string[] | undefined) =>
    indicators.filter((i) => (keys ? keys.includes(i.key) : units.some((u) => target(u, i.key) !== null) || targets.scope.has(i.key)));

  const found: { rule: RuleId; level: "unit" | "scope"; unit: string; subject: string }[] = [];
  const add = (rule: RuleId, level: "unit" | "scope", unit: string, subject: string) => found.push({ rule, level, unit, subject });

  if (settings.late.enabled && input.submissions) {
    for (const u of units) {
      const revisions = [...(input.submissions.get(u) ?? [])].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
      const isLate = (r: (typeof revisions)[number]) => (input.deadline ? r.submittedAt.getTime() > input.deadline.getTime() : r.isLate);
      if (revisions.length === 0) {
        if (input.deadline !== null && input.now.getTime() > input.deadline.getTime()) add("late", "unit", u, "");
      } else if (isLate(revisions[0]!)) add("late", "unit", u, "");
      else if (settings.late.revisions && revisions.some(isLate)) add("late-revision", "unit", u, "");
    }
  }
  const subsidy = indicators.filter((i) => (settings.subsidyNotPaid.indicators ? settings.subsidyNotPaid.indicators.includes(i.key) : i.group.includes(settings.subsidyNotPaid.groupKeyword)));
  if (settings.subsidyNotPaid.enabled && (settings.subsidyNotPaid.cadence === "month" || isQuarterEnd(period))) {
    const first = settings.subsidyNotPaid.cadence === "quarter" ? period.month - 2 : period.month;
    for (const u of units) {
      const main = subsidy.find((i) => target(u, i.key) !== null);
      const reported = subsidy.filter((i) => current(u, i.key) !== null);
      if (!main || reported.length === 0) continue;
      const grew = reported.some((i) => {
        let before = lastBefore(first, u, i.key)?.value ?? 0;
        for (let m = first; m <= period.month; m++) {
          const value = figureIn(m, u, i.key);
          if (value === null) continue;
          if (value > before) return true;
          before = value;
        }
        return false;
      });
      if (!grew) add("subsidy-not-paid", "unit", u, main.key);
    }
  }
  if (settings.zeroProgress.enabled && period.month >= settings.zeroProgress.fromMonth) {
    for (const i of select(settings.zeroProgress.indicators)) for (const p of progresses(i.key, false)) if (p.actual === 0) add("zero-progress", p.level, p.who, i.key);
  }
  if (settings.missedAnnualTarget.enabled && period.month >= settings.missedAnnualTarget.month) {
    for (const i of select(settings.missedAnnualTarget.indicators)) {
      for (const p of progresses(i.key, settings.missedAnnualTarget.scope)) if (p.rate !== null && p.actual < p.target) add("missed-annual-target", p.level, p.who, i.key);
    }
  }
  if (settings.belowThreshold.enabled) {
    for (const i of indicators) {
      const applicable = settings.belowThreshold.thresholds.filter((t) => period.month >= t.fromMonth && (t.indicators?.includes(i.key) || t.rateNames?.includes(i.rateName)));
      if (applicable.length === 0) continue;
      const min = Math.max(...applicable.map((t) => t.minRate));
      for (const p of progresses(i.key, false)) if (p.rate !== null && p.rate < min) add("below-threshold", p.level, p.who, i.key);
    }
  }
  const behind = settings.behindSchedule;
  if (behind.enabled && period.month >= behind.fromMonth) {
    const share = behind.curve?.[period.month - 1];
    const expected = share !== undefined ? percentHalfUp(share, 1, digits)! : percentHalfUp(period.month, 12, digits)!;
    for (const i of select(behind.indicators)) {
      for (const p of progresses(i.key, behind.scope)) if (p.rate !== null && p.rate < expected - behind.tolerance) add("behind-schedule", p.level, p.who, i.key);
    }
  }
  if (settings.belowAverage.enabled) {
    const ratios = [...workspace.ratios].sort((a, b) => a.position - b.position);
    for (const key of settings.belowAverage.subjects ?? ratios.map((r) => r.key)) {
      const ratio = ratios.find((r) => r.key === key);
      if (ratio) {
        if (!indicators.some((i) => i.key === ratio.numeratorKey) || !indicators.some((i) => i.key === ratio.denominatorKey)) continue;
        const top = units.map((u) => current(u, ratio.numeratorKey));
        const bottom = units.map((u) => current(u, ratio.denominatorKey));
        const average = rate(exactSum(top.filter((v): v is number => v !== null)), exactSum(bottom.filter((v): v is number => v !== null)));
        if (average === null) continue;
        units.forEach((u, n) => {
          const r = rate(top[n]!, bottom[n]!);
          if (r !== null && r < average) add("below-average", "unit", u, key);
        });
      } else if (indicators.some((i) => i.key === key)) {
        const scope = scopeProgress(key);
        const average = scope ? rate(scope.actual, scope.target) : null;
        if (average === null) continue;
        for (const p of progresses(key, false)) if (p.rate !== null && p.rate < average) add("below-average", "unit", p.who, key);
      }
    }
  }
  const anomalies = settings.anomalies;
  if (anomalies.enabled) {
    for (const u of units) {
      for (const i of indicators) {
        const value = current(u, i.key);
        if (value === null) continue;
        const previous = lastBefore(period.month, u, i.key);
        if (anomalies.decrease && previous && value < previous.value) add("anomaly-decrease", "unit", u, i.key);
        const t = target(u, i.key);
        if (anomalies.targetMultiple > 0 && t !== null && value > anomalies.targetMultiple * t) add("anomaly-spike", "unit", u, i.key);
        else if (anomalies.lastMonthMultiple > 0 && previous && previous.value > 0 && value > anomalies.lastMonthMultiple * previous.value) add("anomaly-spike", "unit", u, i.key);
        for (const pair of anomalies.spendPairs) {
          const funds = current(u, pair.funds);
          if (pair.spend === i.key && indicators.some((x) => x.key === pair.funds) && funds !== null && value > funds) add("anomaly-spend-exceeds-funds", "unit", u, i.key);
        }
      }
    }
  }

  const precedence: RuleId[] = ["subsidy-not-paid", "zero-progress", "missed-annual-target", "below-threshold", "behind-schedule"];
  const place = (level: string, unit: string, subject: string) => `${level}|${unit}|${subject}`;
  const best = new Map<string, number>();
  for (const f of found) {
    const rank = precedence.indexOf(f.rule);
    if (rank < 0) continue;
    for (const subject of f.rule === "subsidy-not-paid" ? subsidy.map((i) => i.key) : [f.subject]) {
      best.set(place(f.level, f.unit, subject), Math.min(best.get(place(f.level, f.unit, subject)) ?? rank, rank));
    }
  }
  return found
    .filter((f) => precedence.indexOf(f.rule) < 0 || best.get(place(f.level, f.unit, f.subject)) === precedence.indexOf(f.rule))
    .map((f) => `${f.rule}|${f.level}|${f.unit}|${f.subject}`)
    .sort();
}

const UNITS = ["甲县", "乙县", "丙区", "丁市", "戊县"];

const value = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 300_000 }).map((n) => n / 100));
const maybe = <T>(arb: fc.Arbitrary<T>, freq = 4) => fc.option(arb, { nil: undefined, freq });
const grid = <T>(arb: fc.Arbitrary<T>, columns: number) => fc.array(fc.array(arb, { minLength: columns, maxLength: columns }), { minLength: UNITS.length, maxLength: UNITS.length });

type Settings = NonNullable<Parameters<typeof makeInput>[0]["settings"]>;
const SUBJECTS: (string[] | undefined)[] = [undefined, ["zhichulv"], ["zhichulv", "kaigong", "touzi"]];
const SPEND_PAIRS: NonNullable<NonNullable<Settings["anomalies"]>["spendPairs"]>[] = [[], [{ spend: "zhichu", funds: "daowei" }], [{ spend: "zhichu", funds: "daowei" }, { spend: "zhichu", funds: "touzi" }]];
const THRESHOLDS: (NonNullable<NonNullable<Settings["belowThreshold"]>["thresholds"]>[number] | undefined)[] = [
  undefined,
  { rateNames: ["开工率"], minRate: 60, fromMonth: 2 },
  { indicators: ["touzi", "zlbt_hu"], minRate: 50, fromMonth: 1 },
];

const province = fc.record({
  /** units in a shuffled position order, so the grid's order is not the names' */
  positions: fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
  month: fc.integer({ min: 1, max: 12 }),
  present: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  months: fc.array(grid(maybe(value), INDICATORS.length), { minLength: 12, maxLength: 12 }),
  targets: grid(maybe(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 200_000 }).map((n) => n / 100)), 3), INDICATORS.length),
  scopeTarget: maybe(fc.integer({ min: 1, max: 20_000 }), 2),
  scopeActual: maybe(value, 2),
  digits: fc.constantFrom(1 as const, 2 as const),
  settings: fc.record({
    cadence: fc.constantFrom("quarter" as const, "month" as const),
    subjects: fc.constantFrom(...SUBJECTS),
    spendPairs: fc.constantFrom(...SPEND_PAIRS),
    tolerance: fc.constantFrom(0, 5),
    scope: fc.boolean(),
    missedMonth: fc.integer({ min: 1, max: 12 }),
    threshold: fc.constantFrom(...THRESHOLDS),
  }),
  late: fc.boolean(),
});

describe("the indexed engine", () => {
  it("finds what a plain reading of the rules finds, on random provinces", () => {
    fc.assert(
      fc.property(province, (c) => {
        const workspace = makeWorkspace({
          units: c.positions.map((p) => UNITS[p]!),
          indicators: INDICATORS,
          ratios: [{ key: "zhichulv", name: "支出率", numerator: "zhichu", denominator: "daowei" }],
          digits: c.digits,
        });
        const history = new Map<string, Figures>();
        for (let m = 1; m <= c.month; m++) {
          if (!c.present[m - 1] && m !== c.month) continue;
          const byUnit = new Map<string, Map<string, number>>();
          UNITS.forEach((unit, u) => {
            const values = new Map(INDICATORS.flatMap((indicator, i) => (c.months[m - 1]![u]![i] === undefined ? [] : [[indicator.key, c.months[m - 1]![u]![i]!] as const])));
            if (values.size > 0) byUnit.set(unit, values);
          });
          history.set(periodKey({ year: 2024, month: m }), byUnit);
        }
        const unitTargets = Object.fromEntries(INDICATORS.map((indicator, i) => [indicator.key, Object.fromEntries(UNITS.flatMap((unit, u) => (c.targets[u]![i] === undefined ? [] : [[unit, c.targets[u]![i]!]])))]));
        const input = makeInput({
          workspace,
          targets: makeTargets(unitTargets, c.scopeTarget === undefined ? {} : { touzi: c.scopeTarget }),
          history,
          period: { year: 2024, month: c.month },
          scopeFigures: new Map(c.scopeActual === undefined ? [] : [["kaigong", c.scopeActual]]),
          settings: {
            subsidyNotPaid: { cadence: c.settings.cadence },
            belowAverage: c.settings.subjects ? { subjects: c.settings.subjects } : {},
            anomalies: { spendPairs: c.settings.spendPairs },
            behindSchedule: { tolerance: c.settings.tolerance, scope: c.settings.scope },
            missedAnnualTarget: { month: c.settings.missedMonth, scope: c.settings.scope },
            ...(c.settings.threshold ? { belowThreshold: { thresholds: [c.settings.threshold] } } : {}),
          },
          submissions: c.late ? new Map([["乙县", [{ submittedAt: new Date("2024-12-20T00:00:00Z"), isLate: true }]]]) : undefined,
          deadline: c.late ? new Date("2024-12-05T10:00:00Z") : null,
        });
        const held = findFindings(input).map((f) => `${f.rule}|${f.level}|${f.unit}|${f.indicator ?? ""}`);
        expect(held.sort()).toEqual(plainFindings(input));
      }),
      { numRuns: 500 },
    );
  });
});
