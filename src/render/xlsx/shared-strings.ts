// The workbook's shared string table (xl/sharedStrings.xml): each distinct text once, cells refer to it
// by index. Unit and indicator names repeat on every sheet and 90,000 times on the raw sheet, so this
// keeps the file small; it is how Excel itself stores text.
import { xmlText } from "./xml-text.ts";

export class SharedStrings {
  private readonly indexes = new Map<string, number>();
  private uses = 0;

  /** The index a cell holding this text refers to. */
  indexOf(text: string): number {
    this.uses++;
    let index = this.indexes.get(text);
    if (index === undefined) this.indexes.set(text, (index = this.indexes.size));
    return index;
  }

  /** The part, once every sheet has been written (the indexes are handed out as the sheets are). */
  *xml(): Generator<string> {
    yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.uses}" uniqueCount="${this.indexes.size}">`;
    for (const text of this.indexes.keys()) {
      // Leading or trailing blanks and line breaks are kept only when asked for.
      yield /^\s|\s$|\n/.test(text) ? `<si><t xml:space="preserve">${xmlText(text)}</t></si>` : `<si><t>${xmlText(text)}</t></si>`;
    }
    yield "</sst>";
  }
}
