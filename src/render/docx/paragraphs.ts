// The paragraphs of an official document, one builder per kind: 版头, 发文字号, 标题, 主送机关, 正文,
// the two heading levels, the 附件 list, the signature and the 版记.
import { AlignmentType, BorderStyle, convertMillimetersToTwip, LineRuleType, Paragraph, Tab, TabStopType, TextRun } from "docx";
import {
  BODY_LINE_TWIPS,
  BODY_PITCH_PT,
  BODY_TRACKING_PT,
  FACE,
  font,
  halfPoints,
  INDENT_2_CHARS,
  RED,
  RED_HEADER_FROM_TOP_MM,
  SIZE_PT,
  TEXT_WIDTH_PORTRAIT,
  TITLE_LINE_TWIPS,
  twips,
} from "./official-style.ts";
import { textCells, titleLines } from "../title-lines.ts";

interface RunStyle {
  readonly face: string;
  readonly pt: number;
  readonly bold?: boolean;
  readonly color?: string;
  readonly scale?: number;
  /** points added after each character (negative: tighter) */
  readonly tracking?: number;
}

export function run(text: string, style: RunStyle, lineBreakBefore = false): TextRun {
  return new TextRun({
    text,
    font: font(style.face),
    size: halfPoints(style.pt),
    bold: style.bold,
    color: style.color,
    scale: style.scale,
    characterSpacing: style.tracking === undefined ? undefined : twips(style.tracking),
    break: lineBreakBefore ? 1 : undefined,
  });
}

const bodyLine = { line: BODY_LINE_TWIPS, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;
const BODY: RunStyle = { face: FACE.body, pt: SIZE_PT.san, tracking: BODY_TRACKING_PT };

/** An empty line of body height, the standard's way of spacing blocks. */
export function blankLine(keepNext = false): Paragraph {
  return new Paragraph({ spacing: bodyLine, keepNext, children: [run("", BODY)] });
}

/**
 * 发文机关标志: the office and 文件 in red 小标宋, on one line. A long office name (张掖市城镇老旧小区改造
 * 工作领导小组办公室) does not fit at a readable size, so its characters are narrowed, as offices do.
 */
export function redHeader(office: string): Paragraph {
  const text = `${office}文件`;
  const width = TEXT_WIDTH_PORTRAIT / 20;
  const pt = Math.max(SIZE_PT.er, Math.min(36, Math.floor(width / text.length)));
  const scale = Math.min(100, Math.floor((width / (text.length * pt)) * 100));
  const line = pt * 1.5;
  // the characters' top edge sits half the leading below the top of their exact-height line
  const before = convertMillimetersToTwip(RED_HEADER_FROM_TOP_MM) - twips((line - pt) / 2);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: twips(line), lineRule: LineRuleType.EXACT, before, after: 0 },
    children: [run(text, { face: FACE.title, pt, color: RED, scale })],
  });
}

/** 发文字号, centred under the red header with the red rule 4mm below it; right-aligned without one. */
export function docNumberLine(docNumber: string, withRule: boolean): Paragraph {
  return new Paragraph({
    alignment: withRule ? AlignmentType.CENTER : AlignmentType.RIGHT,
    spacing: bodyLine,
    border: withRule ? { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 11 } } : undefined,
    children: [run(docNumber, BODY)],
  });
}

export interface TitleOptions {
  readonly pt?: number;
  /** the width the title is set in, in twips */
  readonly width?: number;
  /** phrases kept on one line (the office, the subject, group names) */
  readonly keep?: readonly string[];
}

/** 标题: 二号小标宋, centred, broken between words into a 梯形 or 菱形 (title-lines.ts). */
export function titleParagraph(text: string, options: TitleOptions = {}): Paragraph {
  const pt = options.pt ?? SIZE_PT.er;
  // a cell of room to spare: the faces' own side bearings differ between machines
  const maxCells = Math.floor((options.width ?? TEXT_WIDTH_PORTRAIT) / 20 / pt) - 1;
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: pt === SIZE_PT.er ? TITLE_LINE_TWIPS : twips(pt * 1.5), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    keepNext: true,
    children: titleLines(text, maxCells, options.keep).map((line, index) => run(line, { face: FACE.title, pt }, index > 0)),
  });
}

/** 主送机关: flush left, ending with a full-width colon. */
export function addresseesParagraph(addressees: string): Paragraph {
  return new Paragraph({ spacing: bodyLine, children: [run(`${addressees}：`, BODY)] });
}

/** `keepNext`: the last paragraph before the 署名, which must not stand alone on a page (GB/T 9704 7.3.5). */
export function bodyParagraph(text: string, keepNext = false): Paragraph {
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: bodyLine, indent: { firstLine: INDENT_2_CHARS }, keepNext, children: [run(text, BODY)] });
}

/** 一、 in 黑体 and （一） in 楷体, both 三号 and indented like the body. */
export function headingParagraph(text: string, level: 1 | 2): Paragraph {
  return new Paragraph({
    spacing: bodyLine,
    indent: { firstLine: INDENT_2_CHARS },
    keepNext: true,
    children: [run(text, { face: level === 1 ? FACE.heading1 : FACE.heading2, pt: SIZE_PT.san, tracking: BODY_TRACKING_PT })],
  });
}

/**
 * 附件说明: "附件：1. …" two characters in, the following items aligned under the first number, long
 * titles wrapping under their own text, no punctuation after a title (GB/T 9704 7.3.4).
 */
export function attachmentList(items: readonly string[]): Paragraph[] {
  const lead = "附件：";
  const numberStart = INDENT_2_CHARS + twips(BODY_PITCH_PT * lead.length);
  const numberWidth = twips(BODY_PITCH_PT * 1.5);
  return items.map((item, index) =>
    // Kept with the signature: the standard does not let 署名 and 日期 stand alone on a page.
    new Paragraph({
      spacing: bodyLine,
      keepNext: true,
      indent: { left: numberStart + numberWidth, hanging: index === 0 ? twips(BODY_PITCH_PT * lead.length) + numberWidth : numberWidth },
      children: [run(`${index === 0 ? lead : ""}${item}`, BODY)],
    }),
  );
}

/**
 * 发文机关署名 and 成文日期: the date four characters in from the right, each line of the office centred
 * over the date (GB/T 9704 7.3.5), or flush right when it is longer than the room allows.
 */
export function signature(officeLines: readonly string[], date: string): Paragraph[] {
  const dateRight = BODY_PITCH_PT * 4;
  return [
    ...officeLines.map((line) => {
      const right = Math.max(0, dateRight + ((textCells(date) - textCells(line)) / 2) * BODY_PITCH_PT);
      return new Paragraph({ alignment: AlignmentType.RIGHT, spacing: bodyLine, indent: { right: twips(right) }, keepNext: true, children: [run(line, BODY)] });
    }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: bodyLine, indent: { right: twips(dateRight) }, children: [run(date, BODY)] }),
  ];
}


/** 附件N: 黑体 三号, flush left at the top of the attachment's page. */
export function attachmentLabel(number: number): Paragraph {
  return new Paragraph({ spacing: bodyLine, keepNext: true, children: [run(`附件${number}`, { face: FACE.heading1, pt: SIZE_PT.san })] });
}

/** 单位 and 备注 lines of a table: 仿宋 四号. */
export function tableNoteLine(text: string, alignment: "left" | "right" = "left"): Paragraph {
  return new Paragraph({
    alignment: alignment === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
    spacing: { line: twips(SIZE_PT.si * 1.6), lineRule: LineRuleType.EXACT, before: twips(4), after: twips(4) },
    keepNext: alignment === "right",
    children: [run(text, { face: FACE.body, pt: SIZE_PT.si })],
  });
}

export interface RecordSheet {
  /** 抄送机关, e.g. 市委办公室，市政府办公室 */
  readonly copyTo: string | null;
  /** 印发机关 */
  readonly printedBy: string;
  /** 2024年1月9日 */
  readonly printedOn: string;
}

/**
 * 版记 (GB/T 9704 7.4): 抄送 and 印发机关 + 印发日期 in 四号仿宋, one character in from either side,
 * between a thick first and last rule with a thin one between them, its last line on the last line of
 * the page. It starts a page of its own, so it is pushed to the foot by spacing before it: Word would
 * also align the section's text to the bottom, LibreOffice (7.4) ignores that setting.
 */
export function recordSheet(record: RecordSheet, pageTextHeight: number): Paragraph[] {
  const style: RunStyle = { face: FACE.body, pt: SIZE_PT.si };
  const oneChar = twips(SIZE_PT.si);
  const lineTwips = twips(SIZE_PT.si * 1.8);
  // 抄送：… wraps at about 29 characters of 四号 between the one-character indents
  const lines = record.copyTo === null ? 1 : 1 + Math.ceil((textCells(record.copyTo) + 4) / 29);
  // each rule takes its width and its distance from the text; a little room left for rounding
  const rulesTwips = twips(3) * (lines + 1);
  const line = { line: lineTwips, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;
  const first = { ...line, before: Math.max(0, pageTextHeight - lines * lineTwips - rulesTwips) };
  const thick = { style: BorderStyle.SINGLE, size: 8, color: "000000", space: 2 } as const;
  const thin = { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 2 } as const;
  const printed = new Paragraph({
    spacing: record.copyTo === null ? first : line,
    indent: { left: oneChar, right: oneChar },
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH_PORTRAIT - oneChar }],
    border: { ...(record.copyTo === null ? { top: thick } : {}), bottom: thick },
    children: [run(record.printedBy, style), new TextRun({ children: [new Tab(), `${record.printedOn}印发`], font: font(style.face), size: halfPoints(style.pt) })],
  });
  if (record.copyTo === null) return [printed];
  return [
    new Paragraph({
      spacing: first,
      indent: { left: oneChar + twips(SIZE_PT.si * 3), right: oneChar, hanging: twips(SIZE_PT.si * 3) },
      keepNext: true,
      border: { top: thick, bottom: thin },
      children: [run(`抄送：${record.copyTo}。`, style)],
    }),
    printed,
  ];
}
