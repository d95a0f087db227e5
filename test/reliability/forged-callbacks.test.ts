// Forged and replayed deliveries change nothing (HTTP callback mode, where anyone can reach the URL):
// a bad signature, a wrong verification token, an old timestamp, a replayed event id, a malformed body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { ADMIN, contactOf, startHarness, type Harness } from "../support/bot-harness.ts";
import { ACTIONS } from "../../src/bot/actions.ts";

const ENCRYPT_KEY = "test-encrypt-key";
const TOKEN = "test-verification-token";

/** What the platform does to a callback body (§3.4): AES-256-CBC with sha256(key), iv first, base64. */
function encrypt(plain: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", createHash("sha256").update(ENCRYPT_KEY).digest(), iv);
  return Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final()]).toString("base64");
}

async function post(url: string, envelope: unknown, options: { timestamp?: number; signWith?: string } = {}) {
  const body = JSON.stringify({ encrypt: encrypt(JSON.stringify(envelope)) });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString("hex");
  const signature = createHash("sha256").update(timestamp + nonce + (options.signWith ?? ENCRYPT_KEY) + body).digest("hex");
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-lark-request-timestamp": timestamp, "x-lark-request-nonce": nonce, "x-lark-signature": signature },
    body,
  });
  return { status: response.status, body: await response.text() };
}

function cardAction(h: Harness, operator: string, messageId: string, value: Record<string, unknown>, formValue: Record<string, string>, overrides: { token?: string; eventId?: string } = {}) {
  const user = h.platform.state.directory.findUser(operator)!;
  return {
    schema: "2.0",
    header: { event_id: overrides.eventId ?? randomBytes(16).toString("hex"), event_type: "card.action.trigger", create_time: String(Date.now() * 1000), token: overrides.token ?? TOKEN, app_id: h.platform.state.app.appId, tenant_key: "t" },
    event: {
      operator: { open_id: user.openId, union_id: user.unionId, user_id: user.userId },
      token: `c-${randomBytes(8).toString("hex")}`,
      action: { value, tag: "button", name: "submit", form_value: formValue },
      host: "im_message",
      context: { open_message_id: messageId, open_chat_id: h.platform.message(messageId)?.chatId ?? "" },
    },
  };
}

describe("forged and replayed callbacks", () => {
  let h: Harness;
  let messageId: string;
  let value: Record<string, unknown>;
  const figures = { zlbt_hu: "70", zlbt_jine: "3.5", zj_daowei: "18", zj_zhichu: "9.9" };

  beforeAll(async () => {
    h = await startHarness({ mode: "webhook" });
    await h.platform.sendText(ADMIN, "p2p", "开始填报 2023-12");
    await h.platform.idle();
    await h.runJobs();
    const card = h.platform.messages({ p2p: contactOf("肃南县") }).find((message) => message.msgType === "interactive")!;
    messageId = card.messageId;
    const unit = await h.database.db.unit.findFirstOrThrow({ where: { name: "肃南县" } });
    value = { action: ACTIONS.submitFigures, period: "2023-12", unit: unit.id };
  });
  afterAll(() => h.close());

  async function unchanged(run: () => Promise<unknown>) {
    const before = { revisions: await h.database.db.submission.count(), card: JSON.stringify(h.platform.card(messageId)) };
    await run();
    await h.platform.idle();
    expect(await h.database.db.submission.count()).toBe(before.revisions);
    expect(JSON.stringify(h.platform.card(messageId))).toBe(before.card);
  }

  it("refuses a body signed with the wrong key (the SDK's check), and changes nothing", async () => {
    await unchanged(async () => {
      const result = await post(h.callbacksUrl!, cardAction(h, contactOf("肃南县"), messageId, value, figures), { signWith: "not-the-key" });
      expect(result.status).toBe(401);
    });
    await unchanged(() => h.platform.submitForm(contactOf("肃南县"), messageId, figures, undefined, { forgeSignature: true }));
  });

  it("refuses a wrong verification token", async () => {
    await unchanged(async () => {
      const result = await post(h.callbacksUrl!, cardAction(h, contactOf("肃南县"), messageId, value, figures, { token: "guessed" }));
      expect(result.status).toBe(401);
    });
  });

  it("refuses an old timestamp (a captured request played back later)", async () => {
    await unchanged(async () => {
      const result = await post(h.callbacksUrl!, cardAction(h, contactOf("肃南县"), messageId, value, figures), { timestamp: Math.floor(Date.now() / 1000) - 3600 });
      expect(result.status).toBe(401);
    });
  });

  it("refuses a malformed payload with a message, and changes nothing", async () => {
    await unchanged(async () => {
      const envelope = cardAction(h, contactOf("肃南县"), messageId, value, figures) as { event: Record<string, unknown> };
      delete envelope.event.operator;
      const result = await post(h.callbacksUrl!, envelope);
      expect(result.status).toBe(200);
      expect(result.body).toContain("卡片数据无效");
    });
  });

  it("stores one revision for a valid callback delivered twice, and answers the same both times", async () => {
    const before = await h.database.db.submission.count();
    const envelope = cardAction(h, contactOf("肃南县"), messageId, value, figures, { eventId: "replayed-event-0001" });
    const first = await post(h.callbacksUrl!, envelope);
    const second = await post(h.callbacksUrl!, envelope);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).toast.content).toContain("已提交");
    expect(second.body).toBe(first.body);
    expect(await h.database.db.submission.count()).toBe(before + 1);
  });
});
