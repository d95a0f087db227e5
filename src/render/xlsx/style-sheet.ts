// xl/styles.xml: the few cell styles the bulletin's sheets use (宋体 in two sizes, bold or not, a thin
// border all round, the number formats, the alignments), each filed once and referred to by index from
// every cell that has it. Sheets ask for a style by what it looks like; the index is the same for the
// same look.
import { xmlText } from "./xml-text.ts";

const SHEET_FONT = "宋体";

export interface CellStyle {
  /** points; 11 unless said */
  readonly size?: number;
  readonly isBold?: boolean;
  /** a thin line on all four sides */
  readonly hasBorder?: boolean;
  /** an Excel number format code: "0", "0.00", "0.0%" */
  readonly numFmt?: string;
  readonly horizontal?: "left" | "center" | "right";
  readonly vertical?: "center";
  readonly wrapText?: boolean;
}

/** Formats Excel knows by number, so they are written as its built-in ids rather than as custom codes. */
const BUILT_IN_FORMATS: ReadonlyMap<string, number> = new Map([
  ["0", 1],
  ["0.00", 2],
  ["0%", 9],
  ["0.00%", 10],
]);
/** Custom formats are numbered from here (below are Excel's reserved ids). */
const FIRST_CUSTOM_FORMAT = 164;
/** Excel's own default, which also sets what a column width of 12 means */
const DEFAULT_FONT = `<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
const DEFAULT_XF = `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`;

export class StyleSheet {
  /** each <font> → its index; font 0 is the workbook's default */
  private readonly fonts = new Map<string, number>([[DEFAULT_FONT, 0]]);
  private readonly customFormats = new Map<string, number>();
  /** each look's <xf> → its index; xf 0 is the default every unstyled cell has */
  private readonly cellXfs = new Map<string, number>([[DEFAULT_XF, 0]]);

  /** The index a cell's `s` attribute names for this look. */
  cellStyle(style: CellStyle): number {
    const font = this.fontOf(style.size ?? 11, style.isBold ?? false);
    const border = style.hasBorder ? 1 : 0;
    const format = style.numFmt === undefined ? 0 : this.formatOf(style.numFmt);
    const alignment = [
      style.horizontal && `horizontal="${style.horizontal}"`,
      style.vertical && `vertical="${style.vertical}"`,
      style.wrapText && `wrapText="1"`,
    ].filter(Boolean);
    const applies = [format !== 0 && `applyNumberFormat="1"`, `applyFont="1"`, border !== 0 && `applyBorder="1"`, alignment.length > 0 && `applyAlignment="1"`].filter(Boolean);
    const xf =
      `<xf numFmtId="${format}" fontId="${font}" fillId="0" borderId="${border}" xfId="0" ${applies.join(" ")}` +
      (alignment.length > 0 ? `><alignment ${alignment.join(" ")}/></xf>` : "/>");
    let index = this.cellXfs.get(xf);
    if (index === undefined) this.cellXfs.set(xf, (index = this.cellXfs.size));
    return index;
  }

  xml(): string {
    const fonts = [...this.fonts.keys()];
    const formats = [...this.customFormats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`);
    const thin = `<left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/>`;
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      (formats.length > 0 ? `<numFmts count="${formats.length}">${formats.join("")}</numFmts>` : "") +
      `<fonts count="${fonts.length}">${fonts.join("")}</fonts>` +
      `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
      `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>${thin}</border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${this.cellXfs.size}">${[...this.cellXfs.keys()].join("")}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `<dxfs count="0"/><tableStyles count="0"/>` +
      `</styleSheet>`
    );
  }

  private fontOf(size: number, isBold: boolean): number {
    const font = `<font>${isBold ? "<b/>" : ""}<sz val="${size}"/><name val="${SHEET_FONT}"/></font>`;
    let index = this.fonts.get(font);
    if (index === undefined) this.fonts.set(font, (index = this.fonts.size));
    return index;
  }

  private formatOf(code: string): number {
    const builtIn = BUILT_IN_FORMATS.get(code);
    if (builtIn !== undefined) return builtIn;
    let id = this.customFormats.get(code);
    if (id === undefined) this.customFormats.set(code, (id = FIRST_CUSTOM_FORMAT + this.customFormats.size));
    return id;
  }
}
