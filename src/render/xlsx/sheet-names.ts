// Excel's rules for sheet names: at most 31 characters, none of []:*?/\, not blank, unique ignoring case.
const FORBIDDEN = /[[\]:*?/\\]/g;
export const MAX_SHEET_NAME = 31;

/** A sheet name from a wish, made valid and unique against the names already taken (which it adds to). */
export function sheetName(wish: string, taken: Set<string>): string {
  const base = [...wish.replace(FORBIDDEN, " ").replace(/^'+|'+$/g, "").trim() || "Sheet"].slice(0, MAX_SHEET_NAME).join("").trim();
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = `(${n})`;
    name = `${[...base].slice(0, MAX_SHEET_NAME - suffix.length).join("")}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}
