// The 进度 card: valid Card JSON 2.0 for the platform, the three states in their own sections, and
// under the 30 KB limit for a province of 100 units with long reasons (it sheds detail to fit).
import { describe, expect, it } from "vitest";
import { checkCard } from "../../../src/sandbox/index.ts";
import { buildStatusCard, type StatusInput } from "../../../src/features/chase/status-card.ts";
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from "../../../src/render/card/card-schema.ts";
import { syntheticUnits } from "../../render/support/synthetic.ts";

function province(count: number): StatusInput {
  const units = syntheticUnits(count);
  const submitted = units.filter((_, i) => i % 5 !== 0);
  return {
    periodLabel: "2024年9月",
    periodKey: "2024-09",
    state: "open",
    deadlineText: "10月8日 18:00",
    isPastDeadline: true,
    unitCount: count,
    submitted: submitted.map((unit, i) => ({ unit, revision: (i % 3) + 1, timeText: "10月7日 16:30", timing: i % 7 === 0 ? "late" : i % 11 === 0 ? "revised-late" : "on-time" })),
    notSubmitted: units.filter((_, i) => i % 5 === 0),
    lagging: units.filter((_, i) => i % 2 === 0).map((unit) => ({ unit, items: ["棚户区改造开工低于时序进度", "保障性租赁住房开工低于时序进度", "支出率低于全省平均水平"] })),
    suspect: units.filter((_, i) => i % 9 === 0).map((unit, i) => ({ unit, items: [`住房租赁补贴发放累计数小于上月${i % 2 ? "（已说明）" : "（待核实）"}`] })),
    explanations: units.filter((_, i) => i % 4 === 1).map((unit) => `${unit}（10月8日 10:20）：受连续降雨影响，部分项目延期开工，预计10月底前完成。`),
    asOfText: "10月9日 09:00",
  };
}

describe("buildStatusCard", () => {
  it("keeps not submitted, late, lagging and suspect apart", () => {
    const input = province(6);
    const text = JSON.stringify(buildStatusCard(input));
    expect(checkCard(buildStatusCard(input))).toEqual({ ok: true, version: "2.0" });
    expect(text).toContain(`未报送（${input.notSubmitted.length}）`);
    expect(text).toContain("未按时报送");
    expect(text).toContain(`进度滞后（${input.lagging.length}）`);
    expect(text).toContain(`数据存疑（${input.suspect.length}）`);
    expect(text).toContain("东山市（未报送）");
    expect(text).toContain(`情况说明（${input.explanations.length}）`);
    expect(text).toContain(input.explanations[0]);
  });

  it.each([100, 500])("fits %i units under 30 KB and still names every unit not submitted", (count) => {
    const input = province(count);
    const card = buildStatusCard(input);
    expect(checkCard(card)).toEqual({ ok: true, version: "2.0" });
    expect(cardSizeBytes(card)).toBeLessThanOrEqual(CARD_SIZE_LIMIT_BYTES);
    const text = JSON.stringify(card);
    expect(text).toContain(`已报送 ${input.submitted.length}/${count}`);
    if (count === 100) for (const unit of input.notSubmitted) expect(text).toContain(unit);
  });

  it("shows a unit that reported on time and corrected after the deadline as 截止后更正, not as 未按时报送 (bug: counted late)", () => {
    const input: StatusInput = { ...province(3), isPastDeadline: true, notSubmitted: [], submitted: [{ unit: "东山市", revision: 2, timeText: "10月9日 10:00", timing: "revised-late" }, { unit: "西山县", revision: 1, timeText: "10月7日 10:00", timing: "on-time" }] };
    const text = JSON.stringify(buildStatusCard(input));
    expect(text).not.toContain("未按时报送");
    expect(text).toContain("截止后更正（1）");
    expect(text).toContain("东山市：按时报送后在截止时间后更正了数据");
  });

  it("shows each submitted unit's revision and timing in the table while it fits", () => {
    const card = buildStatusCard(province(20)) as { body: { elements: { tag: string; rows?: { unit: string; revision: string; state: { text: string }[] }[] }[] } };
    const table = card.body.elements.find((element) => element.tag === "table")!;
    expect(table.rows).toHaveLength(16);
    expect(table.rows![0]).toMatchObject({ revision: "第1版", state: [{ text: "逾期报送" }] });
  });
});

describe("the 进度 card in the request that sends it (§2.5: the limit counts the request body)", () => {
  /** The body the SDK posts to im.v1.message.create, with the longest receive_id and uuid we send. */
  const requestBytes = (card: unknown) =>
    Buffer.byteLength(JSON.stringify({ receive_id: `oc_${"0".repeat(32)}`, msg_type: "interactive", content: JSON.stringify(card), uuid: "u".repeat(50) }), "utf8");

  it("stays under 30 KB at every unit count from 1 to 600 (bug: 118–128 units were refused with 230025)", () => {
    const over: number[] = [];
    for (let count = 1; count <= 600; count++) {
      const card = buildStatusCard(province(count));
      if (requestBytes(card) > CARD_SIZE_LIMIT_BYTES) over.push(count);
    }
    expect(over).toEqual([]);
  });
});
