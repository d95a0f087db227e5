// The paragraphs of an official document, one builder per kind: 版头, 发文字号, 标题, 主送机关, 正文,
// the two heading levels, the 附件 list and the signature.
import { AlignmentType, BorderStyle, LineRuleType, Paragraph, TextRun } from "docx";
import { BODY_LINE_TWIPS, FACE, font, halfPoints, INDENT_2_CHARS, RED, SIZE_PT, TEXT_WIDTH_PORTRAIT, TITLE_LINE_TWIPS, twips } from "./official-style.ts";

interface RunStyle {
  readonly face: string;
  readonly pt: number;
  readonly bold?: boolean;
  readonly color?: string;
  readonly scale?: number;
}

export function run(text: string, style: RunStyle): TextRun {
  return new TextRun({ text, font: font(style.face), size: halfPoints(style.pt), bold: style.bold, color: style.color, scale: style.scale });
}

const bodyLine = { line: BODY_LINE_TWIPS, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;
const BODY: RunStyle = { face: FACE.body, pt: SIZE_PT.san };

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
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: twips(pt * 1.5), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    children: [run(text, { face: FACE.title, pt, color: RED, scale })],
  });
}

/** 发文字号, centred under the red header with the red rule below it; right-aligned without one. */
export function docNumberLine(docNumber: string, withRule: boolean): Paragraph {
  return new Paragraph({
    alignment: withRule ? AlignmentType.CENTER : AlignmentType.RIGHT,
    spacing: { ...bodyLine, after: withRule ? twips(SIZE_PT.san) : 0 },
    border: withRule ? { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 8 } } : undefined,
    children: [run(docNumber, BODY)],
  });
}

/** 标题: 二号小标宋, centred. */
export function titleParagraph(text: string, pt: number = SIZE_PT.er): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: pt === SIZE_PT.er ? TITLE_LINE_TWIPS : twips(pt * 1.5), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    keepNext: true,
    children: [run(text, { face: FACE.title, pt })],
  });
}

/** 主送机关: flush left, ending with a full-width colon. */
export function addresseesParagraph(addressees: string): Paragraph {
  return new Paragraph({ spacing: bodyLine, children: [run(`${addressees}：`, BODY)] });
}

export function bodyParagraph(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: bodyLine, indent: { firstLine: INDENT_2_CHARS }, children: [run(text, BODY)] });
}

/** 一、 in 黑体 and （一） in 楷体, both 三号 and indented like the body. */
export function headingParagraph(text: string, level: 1 | 2): Paragraph {
  return new Paragraph({
    spacing: bodyLine,
    indent: { firstLine: INDENT_2_CHARS },
    keepNext: true,
    children: [run(text, { face: level === 1 ? FACE.heading1 : FACE.heading2, pt: SIZE_PT.san })],
  });
}

/**
 * 附件说明: "附件：1. …" two characters in, the following items aligned under the first number, and
 * long titles wrapping under their own text.
 */
export function attachmentList(items: readonly string[]): Paragraph[] {
  const lead = "附件：";
  const numberStart = INDENT_2_CHARS + twips(SIZE_PT.san * lead.length);
  return items.map((item, index) => {
    const text = `${index === 0 ? lead : ""}${item}${index < items.length - 1 ? "；" : ""}`;
    // Kept with the signature: the standard does not let 署名 and 日期 stand alone on a page.
    return new Paragraph({
      spacing: bodyLine,
      keepNext: true,
      indent: index === 0 ? { left: numberStart + twips(SIZE_PT.san * 1.5), hanging: twips(SIZE_PT.san * (lead.length + 1.5)) } : { left: numberStart + twips(SIZE_PT.san * 1.5), hanging: twips(SIZE_PT.san * 1.5) },
      children: [run(text, BODY)],
    });
  });
}

/**
 * 发文机关署名 and 成文日期: the date four characters in from the right, each line of the office centred
 * over the date (GB/T 9704 7.3.5), or flush right when it is longer than the room allows.
 */
export function signature(officeLines: readonly string[], date: string): Paragraph[] {
  const dateRight = SIZE_PT.san * 4;
  return [
    ...officeLines.map((line) => {
      const right = Math.max(0, dateRight + ((textWidthChars(date) - textWidthChars(line)) / 2) * SIZE_PT.san);
      return new Paragraph({ alignment: AlignmentType.RIGHT, spacing: bodyLine, indent: { right: twips(right) }, keepNext: true, children: [run(line, BODY)] });
    }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: bodyLine, indent: { right: twips(dateRight) }, children: [run(date, BODY)] }),
  ];
}

/** Width in character cells: digits and Latin letters take half a cell. */
function textWidthChars(text: string): number {
  return [...text].reduce((width, char) => width + (char.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);
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
