// Calendar dates as the bulletin writes them. Dates here are plain ISO strings (2024-01-09) in the
// workspace's own calendar; turning an instant into one is done at the edge with its timezone.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(text: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(text.trim());
  if (!match) throw new RangeError(`日期“${text}”无效，应写作 2024-01-09`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) throw new RangeError(`日期“${text}”不存在`);
  return { year, month, day };
}

/** 2024-01-09 → 2024年1月9日 */
export function chineseDate(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate);
  return `${year}年${month}月${day}日`;
}
