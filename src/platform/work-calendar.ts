// The official Chinese working calendar (法定节假日 and 调休 working weekends), from the maintained
// `chinese-days` package rather than a hand-typed list. Years the package has no data for fall back
// to Monday–Friday, which is what the package itself does; `hasOfficialData` lets callers say so.
import chineseDays from "chinese-days";
import type { WorkCalendar } from "../domain/schedule.ts";

export const chineseWorkCalendar: WorkCalendar & { hasOfficialData(year: number): boolean } = {
  isWorkday: (isoDate) => chineseDays.isWorkday(isoDate),
  // National Day is in every published year's list; its absence means the year is not published yet.
  hasOfficialData: (year) => chineseDays.isHoliday(`${year}-10-01`) && !chineseDays.isWorkday(`${year}-10-01`),
};
