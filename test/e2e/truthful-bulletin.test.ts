// What the bulletin says of a unit must be what its figures show (the issue "Every sentence true"):
// a unit that sent nothing this month is not told its last month's problem was 已解决.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, contactOf, openPeriod, startHarness, type Harness } from "../support/bot-harness.ts";
import { importFiguresText } from "../support/import-text.ts";
import { loadWorkspace } from "../../src/store/workspace-repo.ts";
import { ZHANGYE_FIGURES, formValues, p2p } from "./support/month.ts";

/** November: 甘州区 far behind on 老旧小区 开工 (100 of 3032 households); the others as in December. */
function novemberCsv(): string {
  const lines = ["period,unit,indicator,value"];
  for (const [unit, figures] of Object.entries(ZHANGYE_FIGURES)) {
    for (const [indicator, value] of Object.entries(figures)) lines.push(`2023-11,${unit},${indicator},${unit === "甘州区" && indicator === "lgxq_hu" ? 100 : value}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("a month where a unit that lagged last month sends nothing", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: "long_connection", now: "2024-01-02T01:00:00Z" });
    h.platform.limits.perReceiverPerSecond = 1000;
    await importFiguresText(h.database.db, await loadWorkspace(h.database.db, "zhangye"), novemberCsv());
    await openPeriod(h, "2023-12");
    for (const unit of Object.keys(ZHANGYE_FIGURES).filter((name) => name !== "甘州区")) {
      const card = p2p(h, contactOf(unit), "interactive").at(-1)!;
      const submitted = await h.platform.submitForm(contactOf(unit), card.messageId, formValues(h, card.messageId, unit));
      expect(submitted.ok, unit).toBe(true);
    }
    await h.platform.sendText(ADMIN, "p2p", "通报");
    await h.platform.idle();
    await h.runJobs();
  });
  afterAll(() => h.close());

  it("does not call its problem 已解决 (bug: “甘州区进度滞后问题已解决” with nothing sent)", async () => {
    const bulletin = await h.database.db.bulletin.findFirstOrThrow({ orderBy: { version: "desc" } });
    const problems = (bulletin.model as { problems: string[] }).problems.join("");
    expect(problems).not.toMatch(/甘州区[^。]*已解决/);
  });
});
