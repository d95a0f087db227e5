// Bounds no 上报说明 can pass. A suspect value may be confirmed with a note (the contact knows best),
// but not a value no county can have: a figure above 100 times its annual target, or with no target
// 100 times last month's cumulative figure, or above a ceiling for its measure, is a typo (元 typed
// into a 万元 field, a key held down) and is refused on the card with the number it may not pass.

/** How many times the annual target (or, without one, last month's figure) a figure may be. */
export const HARD_MULTIPLE = 100;

/** Ceilings per measure when there is nothing to compare with: a province's year, with room to spare. */
const CEILINGS: Readonly<Record<string, number>> = {
  户: 10_000_000,
  套: 10_000_000,
  个: 1_000_000,
  栋: 1_000_000,
  人: 100_000_000,
  元: 1e12,
  万元: 100_000_000,
  亿元: 10_000,
};
const DEFAULT_CEILING = 1e12;

export interface HardBound {
  readonly limit: number;
  /** what it was worked out from, for the message */
  readonly basis: "target" | "previous" | "measure";
}

export function hardBound(input: { readonly target: number | null; readonly previous: number | null; readonly measure: string }): HardBound {
  const ceiling = CEILINGS[input.measure] ?? DEFAULT_CEILING;
  if (input.target !== null && input.target > 0) return { limit: Math.min(ceiling, input.target * HARD_MULTIPLE), basis: "target" };
  if (input.previous !== null && input.previous > 0) return { limit: Math.min(ceiling, input.previous * HARD_MULTIPLE), basis: "previous" };
  return { limit: ceiling, basis: "measure" };
}

/** The words that confirm without saying anything ("确认", "好", "0"): a note must say why. */
const EMPTY_NOTES = new Set(["确认", "确定", "好", "好的", "是", "是的", "对", "无误", "数据无误", "没问题", "ok", "yes", "无", "0"]);

/** At least this many characters that are not punctuation, spaces or the value itself. */
export const NOTE_MIN_CHARS = 5;

/**
 * Whether a 上报说明 says something: at least NOTE_MIN_CHARS characters once punctuation, spaces and
 * the typed value are taken out, and not one of the words that only confirm.
 */
export function isMeaningfulNote(note: string, typedValue: string): boolean {
  const bare = (text: string) => text.normalize("NFKC").replace(/[\s\p{P}\p{S}]/gu, "").toLowerCase();
  const text = bare(note);
  if (EMPTY_NOTES.has(text)) return false;
  const value = bare(typedValue);
  const withoutValue = value ? text.split(value).join("") : text;
  return [...withoutValue].length >= NOTE_MIN_CHARS && !/^\d+$/.test(withoutValue);
}
