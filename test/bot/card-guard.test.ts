// The declared card checks (src/bot/card-guard.ts) through the fast seam: callbacks fed to bot.handle
// against a real database, with cards recorded in the outbox as the bot records them. Each refusal
// changes nothing and says why; only a click that passes every check reaches its handler.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { ACTIONS } from "../../src/bot/actions.ts";
import type { CardResponse } from "../../src/bot/context.ts";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { fixedClock } from "../../src/platform/time.ts";
import { claimOutbound, markSent } from "../../src/store/outbox-repo.ts";
import { openPeriodRecord } from "../../src/store/period-repo.ts";
import { bindContact, setOpenId } from "../../src/store/people-repo.ts";
import { WorkspaceSnapshots } from "../../src/store/workspace-snapshot.ts";
import type { StoredWorkspace } from "../../src/store/workspace-repo.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importWorkspaceText, twoUnitWorkspace } from "../support/import-text.ts";
import { createRecordingMessenger } from "../support/recording-messenger.ts";

const APP_ID = "cli_guard00000000001";
const ADMIN = "ou_guard_admin";
const CONTACT_JIA = "ou_guard_contact_jia";
const CONTACT_YI = "ou_guard_contact_yi";

const WORKSPACE = twoUnitWorkspace("guard", "kaigong");

describe("declared card checks", () => {
  let database: TestDatabase;
  let app: App;
  let workspace: StoredWorkspace;
  let jia: string;
  let yi: string;
  let serial = 0;
  const clock = fixedClock("2024-01-02T01:00:00Z");

  /** A card recorded as sent (as deliver records it), returning its message id. */
  async function sent(purpose: string, extra: { unitId?: string; periodKey?: string; key?: string } = {}): Promise<string> {
    serial += 1;
    const record = await claimOutbound(database.db, {
      workspaceId: workspace.id,
      key: extra.key ?? `guard:${serial}`,
      purpose,
      to: { type: "open_id", id: CONTACT_JIA },
      msgType: "interactive",
      periodKey: extra.periodKey ?? null,
      unitId: extra.unitId ?? null,
    });
    const messageId = `om_guard_${serial}`;
    await markSent(database.db, record.id, messageId, null, clock.now());
    return messageId;
  }

  async function click(operator: string, messageId: string, value: Record<string, unknown>, formValue: Record<string, string> = {}): Promise<CardResponse> {
    serial += 1;
    const response = await app.bot.handle("card.action.trigger", {
      event_id: `guard-event-${serial}`,
      app_id: APP_ID,
      operator: { open_id: operator },
      action: { value, form_value: formValue, tag: "button" },
      context: { open_message_id: messageId },
    });
    return response!;
  }

  const submissions = () => database.db.submission.count();

  beforeAll(async () => {
    database = await createTestDatabase();
    workspace = await importWorkspaceText(database.db, WORKSPACE);
    jia = workspace.unitIds.get("甲区")!;
    yi = workspace.unitIds.get("乙县")!;
    const admin = await database.db.person.findFirstOrThrow({ where: { workspaceId: workspace.id, role: "admin" } });
    await setOpenId(database.db, admin.id, ADMIN);
    await bindContact(database.db, workspace.id, jia, { name: "甲区填报员", openId: CONTACT_JIA, mobile: null, email: null });
    await bindContact(database.db, workspace.id, yi, { name: "乙县填报员", openId: CONTACT_YI, mobile: null, email: null });
    await openPeriodRecord(database.db, workspace.id, { year: 2023, month: 12 }, clock.now(), null);
    const deps = { db: database.db, messenger: createRecordingMessenger(), jobs: createJobQueue(database.db), snapshots: new WorkspaceSnapshots(database.db), log: silentLogger(), now: () => clock.now(), workspaceKey: "guard", appId: APP_ID, botOpenId: null };
    app = createApp(deps, { workerId: "guard-worker" });
  });
  afterAll(() => database.destroy());

  it("lets a unit's contact submit on the form sent for the unit and period", async () => {
    const form = await sent("form", { unitId: jia, periodKey: "2023-12" });
    const response = await click(CONTACT_JIA, form, { action: ACTIONS.submitFigures, unit: jia, period: "2023-12" }, { kaigong: "12" });
    expect(response.toast).toMatchObject({ type: "success" });
    expect(await submissions()).toBe(1);
  });

  it("refuses a submit on a card sent for another purpose, though it names the same unit and period", async () => {
    const duban = await sent("duban", { unitId: jia, periodKey: "2023-12" });
    const response = await click(CONTACT_JIA, duban, { action: ACTIONS.submitFigures, unit: jia, period: "2023-12" }, { kaigong: "99" });
    expect(response.toast).toEqual({ type: "error", content: "卡片信息与您的身份不符，已拒绝，数据未作任何修改。" });
    expect(await submissions()).toBe(1);
  });

  it("refuses a value edited to name another unit or period, and a value of the wrong shape", async () => {
    const form = await sent("form", { unitId: jia, periodKey: "2023-12" });
    for (const value of [
      { action: ACTIONS.submitFigures, unit: yi, period: "2023-12" },
      { action: ACTIONS.submitFigures, unit: jia, period: "2023-11" },
      { action: ACTIONS.submitFigures, unit: jia },
      { action: ACTIONS.submitFigures, unit: 7, period: "2023-12" },
    ]) {
      const response = await click(CONTACT_JIA, form, value, { kaigong: "99" });
      expect(response.toast?.type, JSON.stringify(value)).toBe("error");
    }
    expect(await submissions()).toBe(1);
  });

  it("tells another unit's contact that the card is not theirs, naming the unit", async () => {
    const form = await sent("form", { unitId: jia, periodKey: "2023-12" });
    const response = await click(CONTACT_YI, form, { action: ACTIONS.submitFigures, unit: jia, period: "2023-12" }, { kaigong: "99" });
    expect(response.toast).toEqual({ type: "error", content: "抱歉，您不是甲区的填报员，不能提交或修改该单位的数据。" });
    expect(await submissions()).toBe(1);
  });

  it("refuses a card the bot never sent, or sent in another workspace's name", async () => {
    const response = await click(CONTACT_JIA, "om_never_sent", { action: ACTIONS.submitFigures, unit: jia, period: "2023-12" }, { kaigong: "99" });
    expect(response.toast?.content).toContain("已拒绝");
    expect(await submissions()).toBe(1);
  });

  it("lets only admins press a preview's buttons, and only on the preview sent for the version named", async () => {
    const preview = await sent("bulletin-preview", { key: "preview:bulletin-a:ou_guard_admin" });
    const byContact = await click(CONTACT_JIA, preview, { action: ACTIONS.publishBulletin, bulletin: "bulletin-a" });
    expect(byContact.toast).toEqual({ type: "error", content: "抱歉，该指令仅限管理员使用。如需帮助，请联系市级住房保障办。" });
    const otherVersion = await click(ADMIN, preview, { action: ACTIONS.publishBulletin, bulletin: "bulletin-b" });
    expect(otherVersion.toast?.content).toContain("已拒绝");
    const onAForm = await click(ADMIN, await sent("form", { unitId: jia, periodKey: "2023-12" }), { action: ACTIONS.publishBulletin, bulletin: "bulletin-a" });
    expect(onAForm.toast?.content).toContain("已拒绝");
  });

  it("lets a unit's contact or an admin answer a 督办 card, nobody else", async () => {
    const duban = await sent("duban", { unitId: jia, periodKey: "2023-12" });
    const value = { action: ACTIONS.explainFinding, unit: jia, period: "2023-12", findings: "" };
    expect((await click(CONTACT_YI, duban, value, { explanation: "说明" })).toast?.content).toContain("不是甲区的填报员");
    expect((await click(CONTACT_JIA, duban, value, { explanation: "" })).toast).toEqual({ type: "error", content: "请填写情况说明后再提交" });
    expect((await click(ADMIN, duban, value, { explanation: "" })).toast).toEqual({ type: "error", content: "请填写情况说明后再提交" });
  });
});
