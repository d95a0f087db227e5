// The 附件 tables' header and cell text, shared by every renderer (Markdown, card, Word, Excel) so a
// column is titled and a blank is left the same way everywhere.
import { formatTableNumber } from "../domain/amount.ts";
import type { AttachmentColumn, AttachmentRow, IndicatorFigures, RatioFigures } from "../domain/bulletin/types.ts";

export interface LeafColumn {
  /** the column group's title (first header row) */
  readonly group: string;
  /** the leaf title (second header row) */
  readonly title: string;
  readonly kind: "number" | "rate";
  readonly value: (row: AttachmentRow) => { readonly number: number | null; readonly text: string };
  /** value(row).number without printing the text: what a workbook cell holds */
  readonly number: (row: AttachmentRow) => number | null;
}

const BLANK = { number: null, text: "" } as const;

function numberCell(value: number | null | undefined) {
  return value == null ? BLANK : { number: value, text: formatTableNumber(value) };
}

function rateCell(rate: { value: number | null; text: string | null } | undefined) {
  return rate?.value == null ? BLANK : { number: rate.value, text: rate.text ?? "" };
}

export function leafColumns(column: AttachmentColumn): LeafColumn[] {
  if (column.kind === "indicator") {
    const group = `${column.title}（${column.measure}）`;
    const cell = (row: AttachmentRow) => row.cells[column.key] as IndicatorFigures | null | undefined;
    if (!column.hasTarget) {
      return [{ group, title: group, kind: "number", value: (row) => numberCell(cell(row)?.actual), number: (row) => cell(row)?.actual ?? null }];
    }
    return [
      { group, title: "年度任务", kind: "number", value: (row) => numberCell(cell(row)?.target), number: (row) => cell(row)?.target ?? null },
      { group, title: "完成", kind: "number", value: (row) => numberCell(cell(row)?.actual), number: (row) => cell(row)?.actual ?? null },
      { group, title: column.rateName, kind: "rate", value: (row) => rateCell(cell(row)?.rate), number: (row) => cell(row)?.rate?.value ?? null },
    ];
  }
  const cell = (row: AttachmentRow) => row.cells[column.key] as RatioFigures | null | undefined;
  return [{ group: column.title, title: column.title, kind: "rate", value: (row) => rateCell(cell(row)?.rate), number: (row) => cell(row)?.rate?.value ?? null }];
}

export function tableLeaves(columns: readonly AttachmentColumn[]): LeafColumn[] {
  return columns.flatMap(leafColumns);
}
