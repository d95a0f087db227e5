// A title too long for one line is broken between words, in lines of near equal length, the shorter
// ones on top (梯形) or around a longest middle line (菱形): GB/T 9704-2012 7.3.1 asks that a title's
// lines keep each word whole, stand symmetric and be of fitting lengths.
//
// Words come from the runtime's ICU segmenter. It cuts 保障性 into 保障|性 and 办公室 into 办公|室, so a
// break is allowed only before a word of two characters or more, not after 的, never inside a number or a period
// ("2023年1--12月"); never inside a phrase the caller keeps whole (the office, the subject) when it fits
// a line, and preferably at a kept phrase's edge. When no such break fits: any word boundary, then any
// character.

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

/** Width in character cells: digits, Latin letters and ASCII punctuation take half a cell. */
export function textCells(text: string): number {
  let cells = 0;
  for (const char of text) cells += char.charCodeAt(0) < 0x2e80 ? 0.5 : 1;
  return cells;
}

/** The title's lines, each at most `maxCells` wide; `keep`: phrases not to break inside. */
export function titleLines(text: string, maxCells: number, keep: readonly string[] = []): string[] {
  if (textCells(text) <= maxCells) return [text];
  const words = [...segmenter.segment(text)].map((part) => part.segment);
  const wordEnds = words.map((_, i) => words.slice(0, i + 1).join("").length).slice(0, -1);
  const goodEnds = wordEnds.filter((_, i) => isGoodBreak(words[i]!, words[i + 1]!));
  const spans = keptSpans(text, keep, maxCells);
  const preferred = new Set(spans.flat().filter((end) => end > 0 && end < text.length));
  // a kept phrase's edges are word boundaries whatever the segmenter makes of its neighbours
  const outside = [...new Set([...goodEnds, ...preferred])].sort((a, b) => a - b).filter((end) => !spans.some(([start, stop]) => start < end && end < stop));
  const everyChar = Array.from({ length: text.length - 1 }, (_, i) => i + 1);
  for (const ends of [outside, goodEnds, wordEnds, everyChar]) {
    const lines = bestLines(text, ends, maxCells, preferred);
    if (lines) return lines;
  }
  return [text];
}

function isGoodBreak(before: string, after: string): boolean {
  return after.length >= 2 && !before.endsWith("的") && !(/[\d\-—至]$/.test(before) && /^[\d\-—至]/.test(after));
}

/** Where each kept phrase that fits a line stands in the text, as [start, end) offsets. */
function keptSpans(text: string, keep: readonly string[], maxCells: number): [number, number][] {
  const spans: [number, number][] = [];
  for (const phrase of keep) {
    if (phrase === "" || textCells(phrase) > maxCells) continue;
    for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) spans.push([at, at + phrase.length]);
  }
  return spans;
}

/** Among breaks at `ends` (string offsets), the fewest lines that fit, shaped best. */
function bestLines(text: string, ends: readonly number[], maxCells: number, preferred: ReadonlySet<number>): string[] | null {
  const minLines = Math.ceil(textCells(text) / maxCells);
  for (let count = minLines; count <= Math.min(ends.length + 1, minLines + 2); count++) {
    let best: { lines: string[]; cost: number } | null = null;
    for (const cut of combinations(ends, count - 1)) {
      const lines = [0, ...cut, text.length].slice(1).map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
      const widths = lines.map(textCells);
      if (widths.some((width) => width > maxCells)) continue;
      const cost = shapeCost(widths) - 6 * cut.filter((end) => preferred.has(end)).length;
      if (!best || cost < best.cost) best = { lines, cost };
    }
    if (best) return best.lines;
  }
  return null;
}

/** Unevenness, plus a price for a line longer than the one below it (except a 菱形's middle). */
function shapeCost(widths: readonly number[]): number {
  const mean = widths.reduce((a, b) => a + b, 0) / widths.length;
  let cost = widths.reduce((sum, width) => sum + (width - mean) ** 2, 0);
  const middle = widths.length >= 3 ? widths.indexOf(Math.max(...widths)) : widths.length - 1;
  for (let i = 0; i + 1 < widths.length; i++) {
    const outOfShape = i < middle ? widths[i]! > widths[i + 1]! : widths[i]! < widths[i + 1]!;
    if (outOfShape) cost += 4 * (widths[i]! - widths[i + 1]!) ** 2 + 1;
  }
  return cost;
}

function* combinations(items: readonly number[], size: number, from = 0): Generator<number[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i]!, ...rest];
  }
}
