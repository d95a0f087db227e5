// Text as SpreadsheetML carries it: XML-escaped, with the characters XML cannot hold at all (control
// characters pasted into a unit's name) written in Excel's own _xHHHH_ form instead of breaking the file.

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;

/** Text for an element or an attribute value. */
export function xmlText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return (
    text
      // A literal "_x0041_" would be read back as "A": its underscore is escaped the same way.
      .replace(/_(x[0-9a-fA-F]{4}_)/g, "_x005F_$1")
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (char) => `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`)
      .replace(/[&<>"]/g, (char) => ESCAPES[char]!)
  );
}
