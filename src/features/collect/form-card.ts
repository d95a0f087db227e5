// The unit's form card (cards/figures/*.json) and the receipt it turns into after a valid submission.
// Errors and doubts are shown on the card next to their field, and what was typed is kept.
import { cardTemplate } from "../../render/card/templates.ts";
import { plainNumber } from "../../domain/decimal.ts";
import { ACTIONS } from "../../bot/actions.ts";
import { fieldPlaceholder, type FormField } from "./form-model.ts";
import { markdownText } from "../../render/card/markdown-text.ts";

/** The outbox purpose of a unit's form card (and the receipt it becomes). */
export const PURPOSE_FORM = "form";

export const EXPLAIN_PREFIX = "explain__";
/** A figure as typed ("12,345.6万元") fits in 30 characters; a 上报说明 is kept up to 200. */
const FIGURE_MAX_LENGTH = 30;
export const EXPLANATION_MAX_LENGTH = 200;

export interface FormCardInput {
  readonly periodKey: string;
  /** 2023年12月 */
  readonly periodLabel: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly fields: readonly FormField[];
  /** e.g. 截止时间：1月5日 18:00 */
  readonly deadlineText: string | null;
  readonly revision: number | null;
  /** what the contact typed, by field name (kept when the card comes back with errors) */
  readonly typed?: Readonly<Record<string, string>>;
  readonly errors?: Readonly<Record<string, string>>;
  /** why a value looks wrong, by indicator key: the contact corrects it or explains it */
  readonly doubts?: Readonly<Record<string, string>>;
  readonly remarks?: string;
  /** a line at the top: what happened on the last try */
  readonly notice?: string;
}

const formTemplate = cardTemplate<{
  summary: string;
  title: string;
  subtitle: string;
  template: string;
  tags: unknown[];
  intro: string;
  fields: unknown[];
  remarks: string;
  submitText: string;
  submitValue: Record<string, string>;
  footer: string;
}>("figures/form.json");
const fieldTemplate = cardTemplate<{ name: string; required: boolean; maxLength: number; value: string; label: string; placeholder: string }>("figures/field.json");
const noteTemplate = cardTemplate<{ content: string }>("figures/note.json");

function tag(text: string, color: string) {
  return { tag: "text_tag", text: { tag: "plain_text", content: text }, color };
}

function currentText(field: FormField): string {
  return field.current === null ? "" : String(field.current);
}

export function buildFormCard(input: FormCardInput): Record<string, unknown> {
  const errors = input.errors ?? {};
  const doubts = input.doubts ?? {};
  const elements: unknown[] = [];
  for (const field of input.fields) {
    elements.push(
      fieldTemplate({
        name: field.key,
        required: true,
        maxLength: FIGURE_MAX_LENGTH,
        value: input.typed?.[field.key] ?? currentText(field),
        label: field.label,
        placeholder: fieldPlaceholder(field),
      }),
    );
    const notes: string[] = [];
    if (field.standing) {
      const behind = field.standing.isBehind ? `，<font color='red'>低于时序进度${field.standing.expected}</font>` : `，时序进度${field.standing.expected}`;
      notes.push(`当前完成率 ${field.standing.rate}${behind}，在${field.standing.of}个单位中排第${field.standing.rank}名`);
    }
    if (errors[field.key]) notes.push(`<font color='red'>✗ ${errors[field.key]}</font>`);
    if (doubts[field.key]) notes.push(`<font color='orange'>⚠ ${doubts[field.key]}</font>`);
    if (notes.length > 0) elements.push(noteTemplate({ content: notes.join("\n") }));
    if (doubts[field.key]) {
      const name = `${EXPLAIN_PREFIX}${field.key}`;
      elements.push(
        fieldTemplate({
          name,
          required: false,
          maxLength: EXPLANATION_MAX_LENGTH,
          value: input.typed?.[name] ?? "",
          label: `${field.name}上报说明（数值无误时填写，确认后按此数上报）`,
          placeholder: "例如：本月核减了重复统计的12户",
        }),
      );
      if (errors[name]) elements.push(noteTemplate({ content: `<font color='red'>✗ ${errors[name]}</font>` }));
    }
  }
  const hasProblems = Object.keys(errors).length > 0 || Object.keys(doubts).length > 0;
  const intro = [
    input.notice ?? null,
    `请填写${input.unitName}${input.periodLabel}的**年度累计**数据（1月至本月合计）。`,
    input.deadlineText,
    input.revision ? `已提交第${input.revision}版，可在锁定前修改。` : null,
  ].filter((line): line is string => Boolean(line));
  return formTemplate({
    summary: `${input.unitName}${input.periodLabel}数据填报`,
    title: `${input.periodLabel}保障性安居工程数据填报`,
    subtitle: input.unitName,
    template: hasProblems ? "orange" : "blue",
    tags: [hasProblems ? tag("需修改", "orange") : input.revision ? tag(`已提交第${input.revision}版`, "green") : tag("待填报", "blue")],
    intro: intro.join("\n"),
    fields: elements,
    remarks: input.typed?.remarks ?? input.remarks ?? "",
    submitText: input.revision ? "提交修改" : "提交",
    submitValue: { action: ACTIONS.submitFigures, period: input.periodKey, unit: input.unitId },
    footer: "数字可直接输入，如 1234、1,234、12.5万元；全角数字亦可。",
  }) as Record<string, unknown>;
}

const receiptTemplate = cardTemplate<{
  summary: string;
  title: string;
  subtitle: string;
  template: string;
  tags: unknown[];
  intro: string;
  rows: unknown[];
  standing: string;
  editValue: Record<string, string>;
  footer: string;
}>("figures/receipt.json");

export type ReceiptTiming = "on-time" | "late" | "corrected";

const TIMING_WORDS: Readonly<Record<ReceiptTiming, { template: string; tag: string | null; note: string }>> = {
  "on-time": { template: "green", tag: null, note: "" },
  late: { template: "orange", tag: "逾期提交", note: "（截止时间后提交，记为逾期）" },
  // A unit that reported on time and corrects after the deadline (or after 解锁) is not late.
  corrected: { template: "blue", tag: "截止后更正", note: "（截止时间后更正，首次报送按时）" },
};

export interface ReceiptCardInput {
  readonly periodKey: string;
  readonly periodLabel: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly fields: readonly FormField[];
  readonly revision: number;
  /** 12月3日 10:21 */
  readonly submittedAtText: string;
  /** on time; late (the unit's first figures came after the deadline); or a correction after the deadline of figures first sent on time */
  readonly timing: ReceiptTiming;
  readonly explanations: Readonly<Record<string, string>>;
  readonly remarks: string | null;
}

export function buildReceiptCard(input: ReceiptCardInput): Record<string, unknown> {
  const timing = TIMING_WORDS[input.timing];
  const rows = input.fields.map((field) => ({
    indicator: `${field.name}（${field.measure}）`,
    // In the field's own measure, as typed into it: 21.3亿元 typed into a 万元 field reads 213000万元.
    value: field.current === null ? "—" : `${plainNumber(field.current)}${field.measure}`,
    target: field.target === null ? "—" : `${plainNumber(field.target)}${field.measure}`,
    rate: field.standing?.rate ?? "—",
    rank: field.standing ? `${field.standing.rank}/${field.standing.of}` : "—",
  }));
  const behind = input.fields.filter((field) => field.standing?.isBehind);
  const standing = [
    behind.length > 0
      ? `<font color='red'>${behind.map((field) => `${field.name}完成率${field.standing!.rate}，低于时序进度${field.standing!.expected}`).join("；")}。</font>请加快进度。`
      : "各项指标均达到时序进度。",
    ...Object.entries(input.explanations).map(([key, text]) => `上报说明（${input.fields.find((field) => field.key === key)?.name ?? key}）：${markdownText(text)}`),
    input.remarks ? `备注：${markdownText(input.remarks)}` : null,
  ].filter((line): line is string => Boolean(line));
  return receiptTemplate({
    summary: `${input.unitName}${input.periodLabel}数据已提交`,
    title: `${input.periodLabel}数据已提交`,
    subtitle: input.unitName,
    template: timing.template,
    tags: [tag(`第${input.revision}版`, "green"), ...(timing.tag ? [tag(timing.tag, timing.template)] : [])],
    intro: `${input.unitName}已于${input.submittedAtText}提交${input.periodLabel}数据${timing.note}。`,
    rows,
    standing: standing.join("\n"),
    editValue: { action: ACTIONS.editFigures, period: input.periodKey, unit: input.unitId },
    footer: "如需更正，点击“修改数据”，在填报期锁定前均可修改。",
  }) as Record<string, unknown>;
}
