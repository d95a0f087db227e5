// 督办: after the deadline the findings are computed and stored (the Finding table keeps them across
// months), and each lagging unit's contact gets a card naming its problems in plain words and asking
// for a 情况说明 by a date. Figures that arrive after that step are judged when they arrive, and a
// finding no card has named yet gets one. The answer is stored with the findings the card named.
import { periodLabelOf } from "../../bot/args.ts";
import { z } from "zod";
import type { JobContext } from "../../jobs/runner.ts";
import { currentWorkspace, type CardContext, type CardResponse } from "../../bot/context.ts";
import { ACTIONS } from "../../bot/actions.ts";
import { RULE_STATE, type RuleId } from "../../domain/rules/index.ts";
import { chineseDate } from "../../domain/dates.ts";
import { cardTemplate } from "../../render/card/templates.ts";
import { type StoredWorkspace } from "../../store/workspace-repo.ts";
import type { CardActionSpec } from "../../bot/card-guard.ts";
import { listStoredFindings, markChased, recordExplanation, saveTrackedFindings, type StoredFinding } from "../../store/tracked-findings-repo.ts";
import { unitPeople } from "../../store/schedule-repo.ts";
import { computeFindings } from "../findings/compute-findings.ts";
import { deliver } from "../../bot/deliver.ts";
import { JOB_LAGGING_UNIT, calendarOf, keys, loadPeriodContext, type ScheduleDeps } from "./context.ts";
import { nextAllowedMoment } from "../../domain/schedule.ts";
import { createHash } from "node:crypto";
import { formatLocal } from "../../platform/time.ts";
import { markdownText } from "../../render/card/markdown-text.ts";

export const PURPOSE_DUBAN = "duban";

const periodPayload = z.object({ periodId: z.string() });
const unitPayload = z.object({ periodId: z.string(), unitId: z.string() });

function isLagging(finding: { rule: string }): boolean {
  return RULE_STATE[finding.rule as RuleId] === "lagging";
}

/** Computes the period's findings and writes them to the Finding table (tracked across months). */
export async function storeFindings(deps: Pick<ScheduleDeps, "db">, workspace: StoredWorkspace, period: { year: number; month: number }, now: Date) {
  const result = await computeFindings(deps.db, workspace, period, now);
  await saveTrackedFindings(deps.db, workspace, result.tracked, result.closed, now);
  return result;
}

/** schedule.lagging: store the findings, then one 督办 job per lagging unit. */
export function laggingJob(deps: ScheduleDeps) {
  return async ({ job, now, log }: JobContext) => {
    const { periodId } = periodPayload.parse(job.payload);
    const ctx = await loadPeriodContext(deps, periodId);
    if (!ctx) return;
    const workspace = await currentWorkspace(deps);
    const result = await storeFindings(deps, workspace, ctx.record.period, now);
    const units = [...new Set(result.findings.filter((finding) => finding.level === "unit" && isLagging(finding)).map((finding) => finding.unit))];
    for (const name of units) {
      const unitId = workspace.unitIds.get(name);
      if (!unitId) continue;
      await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_LAGGING_UNIT, key: keys.laggingUnit(workspace.id, ctx.record.key, unitId), payload: { periodId, unitId }, runAt: now });
    }
    log.info({ units: units.length }, "督办 fanned out");
  };
}

const dubanTemplate = cardTemplate<{ summary: string; title: string; subtitle: string; problems: string; typed: string; submitValue: Record<string, string>; footer: string }>("chase/duban.json");
const answeredTemplate = cardTemplate<{ summary: string; title: string; subtitle: string; problems: string; answer: string; footer: string }>("chase/duban-answered.json");

export interface DubanCardInput {
  readonly periodKey: string;
  readonly periodLabel: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly findings: readonly Pick<StoredFinding, "id" | "text" | "streak">[];
  /** ISO date */
  readonly answerBy: string | null;
}

function problemsText(input: DubanCardInput): string {
  const lines = input.findings.map((finding, i) => `${i + 1}. ${finding.text}${finding.streak >= 2 ? `（已连续${finding.streak}个月）` : ""}`);
  return `${input.unitName}：经核查${input.periodLabel}报送数据，发现以下问题：\n${lines.join("\n")}`;
}

export function buildDubanCard(input: DubanCardInput, typed = ""): Record<string, unknown> {
  return dubanTemplate({
    summary: `${input.unitName}${input.periodLabel}进度督办`,
    title: `${input.periodLabel}保障性安居工程进度督办`,
    subtitle: input.unitName,
    problems: problemsText(input),
    typed,
    submitValue: { action: ACTIONS.explainFinding, period: input.periodKey, unit: input.unitId, findings: input.findings.map((finding) => finding.id).join(",") },
    footer: input.answerBy ? `请于${chineseDate(input.answerBy)}前反馈情况说明。` : "请尽快反馈情况说明。",
  }) as Record<string, unknown>;
}

function buildAnsweredCard(input: DubanCardInput, answer: string, answeredAt: string): Record<string, unknown> {
  return answeredTemplate({
    summary: `${input.unitName}${input.periodLabel}情况说明已反馈`,
    title: `${input.periodLabel}保障性安居工程进度督办`,
    subtitle: input.unitName,
    problems: problemsText(input),
    answer: `**情况说明**（${answeredAt}反馈）：\n${markdownText(answer)}`,
    footer: "情况说明已转管理员。如需补充，请联系市级住房保障办。",
  }) as Record<string, unknown>;
}

/**
 * schedule.lagging-unit: the 督办 card to the unit's contact (and deputy), naming the unit's open
 * lagging findings that no 督办 card of this period has named yet. Delivered before they are marked,
 * under a key made of what it names: a rerun after a crash finds the same findings and the same key.
 */
export function laggingUnitJob(deps: ScheduleDeps) {
  return async ({ job, now }: JobContext) => {
    const { periodId, unitId } = unitPayload.parse(job.payload);
    const ctx = await loadPeriodContext(deps, periodId);
    if (!ctx) return;
    const workspace = await currentWorkspace(deps);
    const period = ctx.record.key;
    const findings = (await listStoredFindings(deps.db, workspace, { unitId, lastPeriod: period, state: "open" })).filter((finding) => isLagging(finding) && finding.dubanPeriod !== period);
    if (findings.length === 0) return;
    const people = (await unitPeople(deps.db, workspace.id, [unitId])).filter((person) => person.role === "contact" || person.role === "deputy");
    const card = buildDubanCard({ periodKey: period, periodLabel: periodLabelOf(ctx.record), unitId, unitName: findings[0]!.unit, findings, answerBy: ctx.plan?.answerBy ?? null });
    const named = createHash("sha256").update(findings.map((finding) => `${finding.rule}:${finding.subject}`).join("\n")).digest("hex").slice(0, 12);
    for (const person of people) {
      await deliver(deps, {
        workspaceId: workspace.id,
        key: `duban:${workspace.id}:${period}:${unitId}:${person.id}:${named}`,
        purpose: PURPOSE_DUBAN,
        to: { type: "open_id", id: person.openId },
        message: { msgType: "interactive", card },
        periodKey: period,
        unitId,
      });
    }
    await markChased(deps.db, workspace.id, findings.map((finding) => finding.id), period, now);
  };
}

/**
 * schedule.lagging-recheck: figures a unit sent (or changed) after the deadline. Once the lagging step
 * has passed, the unit is judged on them and, if it now lags on something no 督办 card has named,
 * gets one, outside quiet hours. Before that step there is nothing to do: the step judges everyone.
 */
export function laggingRecheckJob(deps: ScheduleDeps) {
  return async ({ job, now }: JobContext) => {
    const { periodId, unitId } = unitPayload.parse(job.payload);
    const ctx = await loadPeriodContext(deps, periodId);
    if (!ctx?.plan?.lagging || !ctx.settings || now.getTime() < ctx.plan.lagging.getTime() || ctx.record.state === "locked") return;
    const workspace = await currentWorkspace(deps);
    await storeFindings(deps, workspace, ctx.record.period, now);
    const runAt = nextAllowedMoment(now, ctx.settings.quietHours, workspace.model.timezone, calendarOf(deps));
    await deps.jobs.enqueue({ workspaceId: workspace.id, kind: JOB_LAGGING_UNIT, key: `${job.key}:duban`, payload: { periodId, unitId }, runAt });
  };
}

const explainValue = z.object({ period: z.string(), unit: z.string().min(1), findings: z.string() });

/** finding.explain: the contact answers the 督办 card; the 情况说明 is stored with the findings it names. */
export const explainButton: CardActionSpec<z.infer<typeof explainValue>> = { audience: "contact-or-admin", purpose: PURPOSE_DUBAN, value: explainValue, handler: explainFinding };

async function explainFinding(ctx: CardContext, value: z.infer<typeof explainValue>): Promise<CardResponse> {
  const { unit: unitId, period } = value;
  const ids = value.findings.split(",").filter(Boolean);
  const findings = await listStoredFindings(ctx.deps.db, ctx.workspace, { unitId, ids });
  const unitName = findings[0]?.unit ?? "";
  const label = `${period.slice(0, 4)}年${Number(period.slice(5, 7))}月`;
  const input: DubanCardInput = { periodKey: period, periodLabel: label, unitId, unitName, findings, answerBy: null };
  const raw = ctx.event.formValue["explanation"];
  const text = (typeof raw === "string" ? raw : "").trim().slice(0, 1000);
  if (!text) return { toast: { type: "error", content: "请填写情况说明后再提交" }, card: { type: "raw", data: buildDubanCard(input) } };
  await recordExplanation(ctx.deps.db, ctx.workspace.id, unitId, ids, text, ctx.actor.openId, ctx.now);
  return { toast: { type: "success", content: "情况说明已提交，谢谢！" }, card: { type: "raw", data: buildAnsweredCard(input, text, formatLocal(ctx.now, ctx.workspace.model.timezone)) } };
}
