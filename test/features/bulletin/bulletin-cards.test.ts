// The leadership card of a correction and the admin's preview: titled 更正, listing what changed against
// the published version, valid for the platform and under 30 KB even for a province of 100 counties
// whose every figure moved.
import { describe, expect, it } from "vitest";
import { checkCard } from "../../../src/sandbox/index.ts";
import { diffBulletins, describeFigureChange, type BulletinChanges } from "../../../src/domain/bulletin/changes.ts";
import { bulletinCard, previewCard } from "../../../src/features/bulletin/bulletin-cards.ts";
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from "../../../src/render/card/card-schema.ts";
import { syntheticBulletin } from "../../render/support/synthetic.ts";
import { zhangyeBulletin } from "../../render/support/fixture-bulletin.ts";

describe("diffBulletins", () => {
  it("finds nothing between a bulletin and itself", async () => {
    const { bulletin } = await zhangyeBulletin();
    expect(diffBulletins(bulletin, bulletin)).toEqual([]);
  });

  it("names the unit, the indicator, old and new value and rate, and the whole-scope row", async () => {
    const { bulletin } = await zhangyeBulletin();
    const zlbt = bulletin.indicators.find((indicator) => indicator.key === "zlbt_hu")!;
    const ganzhou = zlbt.units.find((row) => row.unit === "甘州区")!;
    // 甘州区 1078 of 1100 households (98%) corrected to 1100 (100%); the scope total moves by 22
    const corrected = {
      ...bulletin,
      indicators: bulletin.indicators.map((indicator) =>
        indicator.key !== "zlbt_hu"
          ? indicator
          : {
              ...indicator,
              total: { ...indicator.total, actual: indicator.total.actual! + 22, rate: { value: 100.4, text: "100.4%" } },
              units: indicator.units.map((row) => (row === ganzhou ? { ...row, actual: 1100, rate: { value: 100, text: "100%" } } : row)),
            },
      ),
    };
    const changes = diffBulletins(bulletin, corrected);
    expect(changes.map((change) => [change.unit, change.subject])).toEqual([
      ["甘州区", "zlbt_hu"],
      ["全市", "zlbt_hu"],
    ]);
    expect(describeFigureChange(changes[0]!)).toBe("甘州区住房租赁补贴发放由1078户更正为1100户，完成率由98%更正为100%");
  });
});

describe("correction cards for 100 units", () => {
  const { bulletin: before } = syntheticBulletin(100);
  // every unit's every figure moved by one
  const after = {
    ...before,
    indicators: before.indicators.map((indicator) => ({ ...indicator, units: indicator.units.map((row) => ({ ...row, actual: row.actual === null ? 1 : row.actual + 1 })) })),
  };
  const changes: BulletinChanges = { againstVersion: 1, figures: diffBulletins(before, after), problemsChanged: true };

  it("lists the first changes and counts the rest, titled 更正, within the size limit", () => {
    expect(changes.figures.length).toBeGreaterThan(100);
    const card = bulletinCard({ bulletin: after, version: 2, changes });
    expect(checkCard(card)).toEqual({ ok: true, version: "2.0" });
    expect(card.header.title.content).toMatch(/^【更正】/);
    const text = JSON.stringify(card);
    expect(text).toContain(`另有${changes.figures.length - 15}处更正`);
    expect(text).toContain("更正第1版");
    expect(cardSizeBytes(card)).toBeLessThanOrEqual(CARD_SIZE_LIMIT_BYTES);
  });

  it("keeps the preview with its 发布 button within the limit too", () => {
    const card = previewCard({ bulletin: after, version: 2, changes }, { bulletinId: "b1", publishedText: null });
    expect(checkCard(card)).toEqual({ ok: true, version: "2.0" });
    expect(JSON.stringify(card)).toContain("发布更正");
    expect(cardSizeBytes(card)).toBeLessThanOrEqual(CARD_SIZE_LIMIT_BYTES);
  });
});
