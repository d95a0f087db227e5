// Property-based fuzzing of the bot's input paths through the real pipeline: whatever a contact types
// into the card, or an admin types as a command, is either accepted correctly or refused with a clear
// message, and what was stored before is never corrupted or lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { ADMIN, contactOf, startHarness, type Harness } from "../support/bot-harness.ts";
import { parseFigureInput } from "../../src/domain/figure-input.ts";
import { GENERIC_ERROR_MESSAGE } from "../../src/bot/errors.ts";

const FIELDS = { zlbt_hu: { measure: "户", decimals: 0 }, zlbt_jine: { measure: "万元", decimals: 2 }, zj_daowei: { measure: "万元", decimals: 2 }, zj_zhichu: { measure: "万元", decimals: 2 } } as const;

/** Strings people might type: numbers in every form, units, junk, huge and negative values. */
const typed = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2000 }).map(String), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: 500_000 }).map((n) => (n / 100).toFixed(2)), weight: 3 },
  { arbitrary: fc.constantFrom("７０", "1,234", "12.5万元", "0.2亿元", "-3", "NaN", "１２户", "", " ", "1e3", "∞", "三十", "12套", "99999999999999", "0x10", "1.2.3"), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);

describe("fuzzing the card and the commands", () => {
  let h: Harness;
  let messageId: string;
  beforeAll(async () => {
    h = await startHarness({ mode: "long_connection" });
    await h.platform.sendText(ADMIN, "p2p", "开始填报 2023-12");
    await h.platform.idle();
    await h.runJobs();
    messageId = h.platform.messages({ p2p: contactOf("肃南县") }).find((message) => message.msgType === "interactive")!.messageId;
  });
  afterAll(() => h.close());

  it("stores exactly what parses, refuses the rest with the field named, and never loses the last good figures", async () => {
    const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "肃南县" } });
    await fc.assert(
      fc.asyncProperty(fc.record({ zlbt_hu: typed, zlbt_jine: typed, zj_daowei: typed, zj_zhichu: typed }), async (form) => {
        const before = await h.database.db.submission.findFirst({ where: { unitId: unit.id }, orderBy: { revision: "desc" } });
        // The client refuses to send a required field left empty (§2.7): that is not the bot's input.
        const sent = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, value.trim() === "" ? "0" : value]));
        await h.platform.submitForm(contactOf("肃南县"), messageId, sent);
        const after = await h.database.db.submission.findFirst({ where: { unitId: unit.id }, orderBy: { revision: "desc" } });
        const parsed = Object.entries(sent).map(([key, value]) => [key, parseFigureInput(value, FIELDS[key as keyof typeof FIELDS])] as const);
        const allValid = parsed.every(([, result]) => result.ok);
        const card = JSON.stringify(h.platform.card(messageId));
        if (!allValid) {
          // refused: nothing new stored, the earlier revision intact, and every bad field named on the card
          expect(after?.id).toBe(before?.id);
          expect(after?.values).toEqual(before?.values);
          expect(card).toContain("数据尚未提交");
        } else if (after && after.id !== before?.id) {
          for (const [key, result] of parsed) if (result.ok) expect((after.values as Record<string, number>)[key]).toBe(result.value);
        } else {
          // valid but unchanged, or held back as suspect until the contact confirms it
          expect(card).toMatch(/数据已提交|存疑|上报说明/);
        }
        // whatever happened, the card can be filled again: restore the form for the next run
        const edit = findEdit(h.platform.card(messageId));
        if (edit) await h.platform.clickButton(contactOf("肃南县"), messageId, edit);
      }),
      { numRuns: 40 },
    );
  });

  it("answers any command text with a reply, never the generic failure", async () => {
    // This fuzzes the parser, not the platform's 5 messages/s per user (the rate-limit tests do that).
    h.platform.limits.perReceiverPerSecond = 1000;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom("进度", "任务", "任务 甘州区", "任务 甘州区 开工 -1", "联系人", "截止", "截止 明天", "通报 2023-13", "发布", "锁定 abc", "解锁", "导出 2099-01", "催报 不存在县", "暂停 临泽县", "帮助", "help"),
          // Feishu does not send a blank message at all
          fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== ""),
        ),
        async (text) => {
          const before = h.platform.messages({ p2p: ADMIN }).length;
          await h.platform.sendText(ADMIN, "p2p", text);
          await h.platform.idle();
          const replies = h.platform.messages({ p2p: ADMIN }).slice(before + 1);
          expect(replies.length, `no reply to ${JSON.stringify(text)}`).toBeGreaterThan(0);
          for (const reply of replies) expect(reply.content).not.toContain(GENERIC_ERROR_MESSAGE);
        },
      ),
      { numRuns: 40 },
    );
  });
});

function findEdit(card: unknown): Record<string, unknown> | null {
  let found: Record<string, unknown> | null = null;
  const visit = (node: unknown) => {
    if (found || !node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const element = node as Record<string, unknown>;
    const value = element.value as Record<string, unknown> | undefined;
    if (element.type === "callback" && value?.action === "figures.edit") found = value;
    Object.values(element).forEach(visit);
  };
  visit(card);
  return found;
}
