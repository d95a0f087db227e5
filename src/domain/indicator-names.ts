// An indicator's name as people can tell it apart: 开工 is both 棚户区改造's and 保障性租赁住房's, so
// wherever a name is not unique in the workspace it is shown with its group (保障性租赁住房开工).
import type { Indicator } from "./workspace.ts";

/** The name to show for each indicator key: the bare name where unique, group + name where not. */
export function distinctNames(indicators: readonly Pick<Indicator, "key" | "group" | "name">[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const indicator of indicators) count.set(indicator.name, (count.get(indicator.name) ?? 0) + 1);
  return new Map(indicators.map((indicator) => [indicator.key, (count.get(indicator.name) ?? 0) > 1 ? `${indicator.group}${indicator.name}` : indicator.name]));
}
