// 进度 [2023-12]: the reporting board as a card — submitted (revision, time, on time?), not submitted,
// and the findings engine's late, lagging and suspect units, each in its own section.
import type { Router } from "../../bot/router.ts";
import type { MessageContext } from "../../bot/context.ts";
import type { Finding } from "../../domain/rules/index.ts";
import type { WorkspaceModel } from "../../domain/workspace.ts";
import { loadPeriodFigures } from "../../store/figures-repo.ts";
import type { PeriodRecord } from "../../store/period-repo.ts";
import { deadlineLabel, formatLocal } from "../../platform/time.ts";
import { computeFindings } from "../findings/compute-findings.ts";
import { explanationLines, listExplanations } from "./explanations.ts";
import { countChased } from "../../store/tracked-findings-repo.ts";
import { optionalPeriodArgs, parseArgs, periodLabelOf, resolvePeriod } from "../../bot/args.ts";
import { buildStatusCard, type StatusInput, type SubmittedUnit, type UnitIssues } from "./status-card.ts";

export function registerStatusCommand(router: Router): void {
  const usage = "进度 [2023-12]";
  router.command({
    names: ["进度", "status"],
    audience: "admin",
    usage,
    summary: "查看报送进度：已报、未报、未按时报送、进度滞后、数据存疑的单位",
    handler: async (ctx, args) => {
      const [key] = parseArgs(optionalPeriodArgs, args, usage);
      const record = await resolvePeriod(ctx, key);
      await ctx.reply({ msgType: "interactive", card: buildStatusCard(await statusOf(ctx, record)) });
    },
  });
}

const RULE_WORDS: Readonly<Record<string, (scope: string) => string>> = {
  "behind-schedule": () => "低于时序进度",
  "below-threshold": () => "低于规定比例",
  "zero-progress": () => "进度为零",
  "subsidy-not-paid": () => "未按月（季）发放",
  "missed-annual-target": () => "未完成年度任务",
  "below-average": (scope) => `低于${scope}平均水平`,
  "anomaly-decrease": () => "累计数小于上月",
  "anomaly-spike": () => "数值异常偏大",
  "anomaly-spend-exceeds-funds": () => "支出大于到位资金",
};

function subjectName(workspace: WorkspaceModel, key: string | null): string {
  if (key === null) return "";
  const indicator = workspace.indicators.find((candidate) => candidate.key === key);
  if (indicator) return `${indicator.group}${indicator.name}`;
  return workspace.ratios.find((ratio) => ratio.key === key)?.name ?? key;
}

function issuesOf(findings: readonly Finding[], workspace: WorkspaceModel, withExplanation: boolean): UnitIssues[] {
  const byUnit = new Map<string, string[]>();
  for (const finding of findings) {
    const words = RULE_WORDS[finding.rule]?.(workspace.scope) ?? finding.rule;
    const explained = withExplanation ? (finding.explanation ? "（已说明）" : "（待核实）") : "";
    const items = byUnit.get(finding.unit) ?? [];
    items.push(`${subjectName(workspace, finding.indicator)}${words}${explained}`);
    byUnit.set(finding.unit, items);
  }
  // The workspace's unit order; the whole scope (全市) last.
  const order = new Map(workspace.units.map((unit, index) => [unit.name, index]));
  return [...byUnit].map(([unit, items]) => ({ unit, items })).sort((a, b) => (order.get(a.unit) ?? Infinity) - (order.get(b.unit) ?? Infinity));
}

async function statusOf(ctx: MessageContext, record: PeriodRecord): Promise<StatusInput> {
  const { db } = ctx.deps;
  const workspace = ctx.workspace.model;
  const [{ submitted }, { findings }, explanations, duban] = await Promise.all([
    loadPeriodFigures(db, ctx.workspace, record.id),
    computeFindings(db, ctx.workspace, record.period, ctx.now),
    listExplanations(db, ctx.workspace, record.key),
    countChased(db, ctx.workspace.id, record.key),
  ]);
  const lateRule = new Map(findings.filter((finding) => finding.state === "late").map((finding) => [finding.unit, finding.rule]));
  const units = [...workspace.units].sort((a, b) => a.position - b.position).map((unit) => unit.name);
  const submittedUnits: SubmittedUnit[] = units.flatMap((unit) => {
    const latest = submitted.get(unit);
    if (!latest) return [];
    const rule = lateRule.get(unit);
    return [{ unit, revision: latest.revision, timeText: formatLocal(latest.submittedAt, workspace.timezone), timing: rule === "late" ? "late" : rule === "late-revision" ? "revised-late" : "on-time" }];
  });
  return {
    periodLabel: periodLabelOf(record),
    periodKey: record.key,
    state: record.state,
    deadlineText: record.deadline ? deadlineLabel(record.deadline, record.period, workspace.timezone) : null,
    isPastDeadline: record.deadline !== null && ctx.now.getTime() > record.deadline.getTime(),
    unitCount: units.length,
    submitted: submittedUnits,
    notSubmitted: units.filter((unit) => !submitted.has(unit)),
    lagging: issuesOf(findings.filter((finding) => finding.state === "lagging"), workspace, false),
    suspect: issuesOf(findings.filter((finding) => finding.state === "suspect"), workspace, true),
    explanations: explanationLines(explanations, workspace.timezone),
    duban,
    asOfText: formatLocal(ctx.now, workspace.timezone),
  };
}
