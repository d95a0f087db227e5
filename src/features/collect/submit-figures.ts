// figures.submit: a contact submits the form card. Validate every field (errors go back on the card,
// with what was typed), ask about suspect values (correct it, or confirm it with a 上报说明), store a
// new revision, and turn the card into a receipt. Refusals change nothing.
import { periodLabelOf } from "../../bot/args.ts";
import { z } from "zod";
import { parseFigureInput, describeFigureInputError } from "../../domain/figure-input.ts";
import { checkSubmission } from "../../domain/rules/index.ts";
import { AppError } from "../../bot/errors.ts";
import { plainNumber } from "../../domain/decimal.ts";
import { HARD_MULTIPLE, NOTE_MIN_CHARS, hardBound, isMeaningfulNote, type HardBound } from "../../domain/figure-bounds.ts";
import type { CardContext, CardResponse } from "../../bot/context.ts";
import { appendRevisionAfter, firstSubmittedAt, loadUnitFigures, type LatestRevision } from "../../store/figures-repo.ts";
import type { CardActionSpec, UnitCardValue } from "../../bot/card-guard.ts";
import type { PeriodRecord } from "../../store/period-repo.ts";
import { parsePeriod } from "../../domain/period.ts";
import { deadlineLabel, formatLocal } from "../../platform/time.ts";
import { EXPLAIN_PREFIX, EXPLANATION_MAX_LENGTH, PURPOSE_FORM, buildFormCard, buildReceiptCard, type ReceiptTiming } from "./form-card.ts";
import { loadUnitForm, withCurrentValues, type UnitForm } from "./unit-form.ts";
import { JOB_LAGGING_RECHECK, keys } from "../chase/context.ts";

const cardValue = z.object({ period: z.string(), unit: z.string().min(1) });

export function deadlineText(record: PeriodRecord, timezone: string): string | null {
  return record.deadline ? `截止时间：${deadlineLabel(record.deadline, record.period, timezone)}` : null;
}

/** The form and its receipt are sent to the unit's contact (and deputy) under this purpose. */
const FORM_CARD = { audience: "contact", purpose: PURPOSE_FORM } as const;

/**
 * The period a unit's card is for, once the guard has checked the card: still live, and the one being
 * reported (an old month's card is refused, pointing to 我的).
 */
function livePeriod(ctx: CardContext, value: UnitCardValue): PeriodRecord {
  let period;
  try {
    period = parsePeriod(value.period);
  } catch {
    throw new AppError("CARD_FORGED");
  }
  // The snapshot bot.handle loaded for this event carries the periods, current as of the event.
  const record = ctx.snapshot.period(period);
  if (!record) throw new AppError("CARD_FORGED");
  if (record.state === "locked") throw new AppError("PERIOD_LOCKED", periodLabelOf(record));
  const current = ctx.snapshot.currentPeriod;
  if (current && current.id !== record.id) {
    throw new AppError("CARD_STALE", `这张卡片属于${periodLabelOf(record)}填报期，当前正在填报${periodLabelOf(current)}，请发送“我的”获取最新卡片。`);
  }
  return record;
}

function formInput(form: UnitForm, record: PeriodRecord, timezone: string) {
  return {
    periodKey: record.key,
    periodLabel: periodLabelOf(record),
    unitId: form.unitId,
    unitName: form.unitName,
    fields: form.fields,
    deadlineText: deadlineText(record, timezone),
    revision: form.latest?.revision ?? null,
    remarks: form.latest?.remarks ?? "",
  };
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return "";
}

export const submitButton: CardActionSpec<UnitCardValue> = { ...FORM_CARD, value: cardValue, handler: submitFigures };
export const editButton: CardActionSpec<UnitCardValue> = { ...FORM_CARD, value: cardValue, handler: editFigures };

async function submitFigures(ctx: CardContext, value: UnitCardValue): Promise<CardResponse> {
  const record = livePeriod(ctx, value);
  const unitId = value.unit;
  const { db } = ctx.deps;
  const form = await loadUnitForm(db, ctx.snapshot, record, unitId);
  const timezone = ctx.workspace.model.timezone;
  const typed: Record<string, string> = {};
  for (const [name, raw] of Object.entries(ctx.event.formValue)) typed[name] = text(raw);

  const values = new Map<string, number>();
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    const result = parseFigureInput(typed[field.key] ?? "", { measure: field.measure, decimals: field.decimals });
    if (!result.ok) {
      errors[field.key] = describeFigureInputError(`${field.name}（${field.measure}）`, result.error);
      continue;
    }
    const bound = hardBound({ target: field.target, previous: field.previous?.value ?? null, measure: field.measure });
    if (result.value > bound.limit) errors[field.key] = boundMessage(field, bound);
    else values.set(field.key, result.value);
  }
  const remarks = (typed.remarks ?? "").trim().slice(0, 500) || null;
  if (Object.keys(errors).length > 0) {
    return {
      toast: { type: "error", content: `有${Object.keys(errors).length}项需要修改，数据尚未提交` },
      card: { type: "raw", data: buildFormCard({ ...formInput(form, record, timezone), typed, errors, notice: "<font color='red'>数据尚未提交：请按提示修改标红的项目后再次提交。</font>" }) },
    };
  }

  const suspects = checkSubmission({
    indicators: ctx.workspace.model.indicators.filter((indicator) => values.has(indicator.key)),
    values,
    previous: form.previous,
    targets: new Map(form.fields.filter((field) => field.target !== null).map((field) => [field.key, field.target!])),
    settings: form.settings.anomalies,
  });
  const explanations: Record<string, string> = {};
  // An explanation stays with a value the contact confirmed earlier, as long as the value is unchanged.
  for (const [key, note] of Object.entries(form.latest?.explanations ?? {})) {
    if (form.latest?.values[key] === values.get(key)) explanations[key] = note;
  }
  const doubts: Record<string, string> = {};
  const noteErrors: Record<string, string> = {};
  for (const suspect of suspects) {
    const name = `${EXPLAIN_PREFIX}${suspect.indicator}`;
    const given = (typed[name] ?? "").trim();
    if (given && isMeaningfulNote(given, typed[suspect.indicator] ?? "")) explanations[suspect.indicator] = given.slice(0, EXPLANATION_MAX_LENGTH);
    else if (!explanations[suspect.indicator]) {
      doubts[suspect.indicator] = suspect.reason;
      if (given) noteErrors[name] = `请写明数值无误的原因（至少${NOTE_MIN_CHARS}个字，不含数值本身），例如“含上年结转项目2223套”。`;
    }
  }
  if (Object.keys(doubts).length > 0) {
    return {
      toast: { type: "warning", content: `有${Object.keys(doubts).length}项数据存疑，请核实后更正或填写上报说明` },
      card: { type: "raw", data: buildFormCard({ ...formInput(form, record, timezone), typed, doubts, errors: noteErrors, notice: "<font color='orange'>数据尚未提交：以下数值与以往数据不一致，请核实。数值有误请更正；数值无误请填写上报说明后再次提交。</font>" }) },
    };
  }

  const now = ctx.now;
  const isLate = record.deadline !== null && now.getTime() > record.deadline.getTime();
  const timing = isLate ? await lateOrCorrection(ctx, record, unitId, form.latest !== null) : "on-time";
  const { revision, latest } = await storeRevision(ctx, form.latest, record, unitId, Object.fromEntries(values), explanations, remarks, isLate);
  // The receipt comes from what was loaded plus what was stored: no second read.
  const stored = withCurrentValues(ctx.workspace, record, form, new Map(Object.entries(latest.values)), latest);
  const receipt = buildReceiptCard({
    periodKey: record.key,
    periodLabel: periodLabelOf(record),
    unitId,
    unitName: stored.unitName,
    fields: stored.fields,
    revision: latest.revision,
    submittedAtText: formatLocal(now, timezone),
    timing,
    explanations: latest.explanations,
    remarks: latest.remarks,
  });
  const unchanged = revision === null;
  // After the deadline the 督办 step may already have judged the period without these figures.
  if (isLate && !unchanged) {
    await ctx.deps.jobs.enqueue({ workspaceId: ctx.workspace.id, kind: JOB_LAGGING_RECHECK, key: keys.laggingRecheck(ctx.workspace.id, record.key, unitId, revision), payload: { periodId: record.id, unitId }, runAt: now });
  }
  return {
    toast: { type: "success", content: unchanged ? "数据与上次提交相同，无需重复提交" : TOASTS[timing] },
    card: { type: "raw", data: receipt },
  };
}

const TOASTS: Readonly<Record<ReceiptTiming, string>> = { "on-time": "已提交，谢谢！", late: "已提交（逾期）", corrected: "已提交更正" };

/** After the deadline: late if this is the unit's first report (or its first came late too), else a correction. */
async function lateOrCorrection(ctx: CardContext, record: PeriodRecord, unitId: string, hasEarlier: boolean): Promise<ReceiptTiming> {
  if (!hasEarlier || record.deadline === null) return "late";
  const first = await firstSubmittedAt(ctx.deps.db, record.id, unitId);
  return first !== null && first.getTime() <= record.deadline.getTime() ? "corrected" : "late";
}

/**
 * Stores the revision on top of the latest one the form was built from. If another submission of the
 * same unit got in first (its revision number is taken), re-read and decide again: a double click
 * stores one revision, and nothing is written over figures that were not compared.
 */
async function storeRevision(
  ctx: CardContext,
  seen: LatestRevision | null,
  record: PeriodRecord,
  unitId: string,
  values: Record<string, number>,
  explanations: Record<string, string>,
  remarks: string | null,
  isLate: boolean,
): Promise<{ revision: number | null; latest: LatestRevision }> {
  const input = { periodId: record.id, unitId, values, explanations, remarks, source: "card" as const, submittedBy: ctx.actor.openId, submittedAt: ctx.now, isLate };
  let latest = seen;
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await appendRevisionAfter(ctx.deps.db, latest, input);
    // Locked (published) after this event began: nothing was stored, and the card keeps what was typed.
    if (!result.stored && result.locked) throw new AppError("PERIOD_LOCKED", periodLabelOf(record));
    if (result.stored) {
      if (result.revision === null) return { revision: null, latest: latest! };
      return { revision: result.revision, latest: { revision: result.revision, values, explanations, remarks } };
    }
    latest = (await loadUnitFigures(ctx.deps.db, ctx.workspace.id, unitId, record.period)).latest;
  }
  throw new Error(`revision of ${unitId} in ${record.key} kept being taken by concurrent submissions`);
}

/** figures.edit: the receipt's 修改数据 button brings the form back, filled with the current figures. */
async function editFigures(ctx: CardContext, value: UnitCardValue): Promise<CardResponse> {
  const record = livePeriod(ctx, value);
  const unitId = value.unit;
  const form = await loadUnitForm(ctx.deps.db, ctx.snapshot, record, unitId);
  return { card: { type: "raw", data: buildFormCard(formInput(form, record, ctx.workspace.model.timezone)) } };
}

export { formInput };

/** 支出（万元）不能超过290000（上月累计的100倍），请核对是否填错了单位或多输了位数。 */
function boundMessage(field: { readonly name: string; readonly measure: string }, bound: HardBound): string {
  const basis = bound.basis === "target" ? `（年度任务的${HARD_MULTIPLE}倍）` : bound.basis === "previous" ? `（上月累计的${HARD_MULTIPLE}倍）` : "";
  return `${field.name}（${field.measure}）不能超过${plainNumber(bound.limit)}${field.measure}${basis}，请核对是否填错了单位或多输了位数。`;
}
