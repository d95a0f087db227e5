// GB/T 9704-2012 (党政机关公文格式) as numbers: A4, the standard margins, the official faces and sizes.
// Faces are named as an office PC has them installed (WPS and Word both ship or map these names); the
// eastAsia slot is what Word uses for Chinese text, the others keep digits in the same face.
import { convertMillimetersToTwip, type IFontAttributesProperties } from "docx";

export const A4 = { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) } as const;

/** 天头 37mm, 订口 28mm: the standard text block of 156mm × 225mm. */
export const MARGINS = {
  top: convertMillimetersToTwip(37),
  bottom: convertMillimetersToTwip(35),
  left: convertMillimetersToTwip(28),
  right: convertMillimetersToTwip(26),
  header: convertMillimetersToTwip(15),
  footer: convertMillimetersToTwip(25),
} as const;

export const TEXT_WIDTH_PORTRAIT = A4.width - MARGINS.left - MARGINS.right;
export const TEXT_WIDTH_LANDSCAPE = A4.height - MARGINS.left - MARGINS.right;

export const FACE = {
  /** 标题、发文机关标志 */
  title: "方正小标宋简体",
  /** 正文 */
  body: "仿宋_GB2312",
  /** 一级标题 一、 */
  heading1: "黑体",
  /** 二级标题 （一） */
  heading2: "楷体_GB2312",
  /** 页码 */
  pageNumber: "宋体",
} as const;

export function font(face: string): IFontAttributesProperties {
  return { ascii: face, hAnsi: face, eastAsia: face, cs: face, hint: "eastAsia" };
}

/** Chinese type sizes in points. */
export const SIZE_PT = { er: 22, xiaoEr: 18, san: 16, si: 14, xiaoSi: 12, wu: 10.5 } as const;

/** docx sizes are half-points. */
export const halfPoints = (pt: number): number => Math.round(pt * 2);
export const twips = (pt: number): number => Math.round(pt * 20);

/** 22 lines a page on the 225mm text block: a fixed 28.9pt line, as the standard's grid gives. */
export const BODY_LINE_TWIPS = 578;
export const TITLE_LINE_TWIPS = twips(35);

/**
 * 28 characters a line (GB/T 9704 5.2.2): 28 三号 characters (448pt) are wider than the 156mm text
 * block (442pt), so body text is set a quarter point tighter per character, which Word and LibreOffice
 * both honour, where a document grid is ignored by some.
 */
export const BODY_TRACKING_PT = -0.25;
/** The width of one character of body text as set. */
export const BODY_PITCH_PT = SIZE_PT.san + BODY_TRACKING_PT;

/** Two characters of body text: the first-line indent of every body paragraph. */
export const INDENT_2_CHARS = twips(BODY_PITCH_PT * 2);

/** 发文机关标志: its top edge 35mm below the top of the text block (GB/T 9704 7.2.1). */
export const RED_HEADER_FROM_TOP_MM = 35;

/** The red of 版头 and its rule. */
export const RED = "E60012";
