// The fast seam: payloads shaped as the official documents show them (test/fixtures/lark/*.json, each
// naming its source) fed straight to bot.handle, flattened as the SDK's EventDispatcher flattens them,
// against a real test database and a recording fake of our Messenger. No platform stand-in, no
// network: a wrong assumption about the platform's shapes shows up here in milliseconds.
import { WorkspaceSnapshots } from "../../src/store/workspace-snapshot.ts";
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as lark from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { parseEvent } from "../../src/bot/events.ts";
import { createJobQueue } from "../../src/jobs/queue.ts";
import { silentLogger } from "../../src/platform/logger.ts";
import { fixedClock } from "../../src/platform/time.ts";
import { setOpenId } from "../../src/store/people-repo.ts";
import { createDispatcher } from "../../src/transport/dispatcher.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { importWorkspaceText, twoUnitWorkspace } from "../support/import-text.ts";
import { createRecordingMessenger, type RecordingMessenger } from "../support/recording-messenger.ts";

const APP_ID = "cli_fixture0000000001";
const VERIFICATION_TOKEN = "fixture-verification-token";
const ADMIN_OPEN_ID = "ou_fixture_admin_000000000000001";
const BOT_OPEN_ID = "ou_fixture_bot_00000000000000001";
const SOMEONE_ELSE = "ou_fixture_someone_else_00000001";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Fixture {
  readonly _source: { readonly title: string; readonly url: string; readonly note: string };
  readonly body: JsonObject;
  readonly [extra: string]: unknown;
}

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/lark/${name}.json`, import.meta.url), "utf8")) as Fixture;
}

/** The body with every {{PLACEHOLDER}} filled in (inside strings too, e.g. message content); an unfilled one throws. */
function fill(body: JsonObject, values: Record<string, string>): JsonObject {
  const walk = (value: Json): Json => {
    if (typeof value === "string") {
      return value.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
        const filled = values[key];
        if (filled === undefined) throw new Error(`fixture placeholder {{${key}}} not filled`);
        return filled;
      });
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  return walk(body) as JsonObject;
}

/**
 * What the SDK's EventDispatcher hands a handler (node-sdk RequestHandle.parse): for a v2 envelope
 * (`schema` present) the other top-level fields, then the header's, then the event's, in one object —
 * so event.token (a card's c-… token) shadows header.token (the Verification Token); for v1, the event
 * first and the outer fields over it. The SDK also adds a Symbol key with the event type, which no
 * handler reads; it is left out here.
 */
function flattenAsTheSdk(body: JsonObject): JsonObject {
  if ("schema" in body) {
    const { header, event, ...rest } = body;
    return { ...rest, ...(header as JsonObject), ...(event as JsonObject) };
  }
  const { event, ...rest } = body;
  return { ...(event as JsonObject | undefined), ...rest };
}

/** The documents' encryption (将事件发送至开发者服务器 › 加密原理): base64(iv ‖ AES-256-CBC(sha256(key), iv, PKCS7(json))). */
function encryptAsThePlatform(key: string, plaintext: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", createHash("sha256").update(key).digest(), iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

const WORKSPACE = twoUnitWorkspace("fixtures", "bzf_kaigong");

describe("documented payloads fed to bot.handle", () => {
  let database: TestDatabase;
  let messenger: RecordingMessenger;
  let app: App;
  const clock = fixedClock("2024-01-02T01:00:00Z");
  let serial = 0;

  /** Fresh event and message ids for each delivery, so one case's claim never hides another's. */
  const ids = () => {
    serial += 1;
    return { EVENT_ID: `fixture-event-${serial}`, MESSAGE_ID: `om_fixture_message_${serial}` };
  };
  const common = { APP_ID, VERIFICATION_TOKEN, SENDER_OPEN_ID: ADMIN_OPEN_ID, OPERATOR_OPEN_ID: ADMIN_OPEN_ID, MENTION_OPEN_ID: BOT_OPEN_ID };
  const message = (name: string, values: Record<string, string> = {}) => fill(fixture(name).body, { ...common, ...ids(), ...values });

  beforeAll(async () => {
    database = await createTestDatabase();
    const workspace = await importWorkspaceText(database.db, WORKSPACE);
    // The fixtures' sender (and card operator) is the workspace's admin.
    const admin = await database.db.person.findFirstOrThrow({ where: { workspaceId: workspace.id, role: "admin" } });
    await setOpenId(database.db, admin.id, ADMIN_OPEN_ID);
    messenger = createRecordingMessenger({ openId: BOT_OPEN_ID, name: "保障房月报机器人" });
    app = createApp(
      { db: database.db, messenger, jobs: createJobQueue(database.db), snapshots: new WorkspaceSnapshots(database.db), log: silentLogger(), now: () => clock.now(), workspaceKey: workspace.model.key, appId: APP_ID, botOpenId: BOT_OPEN_ID },
      { workerId: "fixture-worker" },
    );
  });
  afterAll(() => database.destroy());
  beforeEach(() => messenger.clear());

  it("every fixture names its source", () => {
    for (const name of ["im.message.receive_v1.p2p", "im.message.receive_v1.group-mention", "im.message.receive_v1.topic-group", "card.action.trigger.button", "card.action.trigger.form", "url_verification", "encrypted-body"]) {
      const { _source } = fixture(name);
      expect(_source.title, name).toBeTruthy();
      expect(_source.url, name).toMatch(/^https:\/\/(open\.feishu\.cn|github\.com)\//);
      expect(_source.note.length, name).toBeGreaterThan(20);
    }
  });

  it("flattens exactly as the SDK's EventDispatcher does", async () => {
    for (const [name, type] of [
      ["im.message.receive_v1.group-mention", "im.message.receive_v1"],
      ["card.action.trigger.form", "card.action.trigger"],
    ] as const) {
      const body = message(name);
      let received: unknown;
      const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({ [type]: async (data: unknown) => void (received = data) } as Record<string, (data: unknown) => Promise<void>>);
      await dispatcher.invoke(structuredClone(body), { needCheck: false });
      // Object.entries drops the SDK's Symbol key for the event type.
      expect(Object.fromEntries(Object.entries(received as object)), name).toEqual(flattenAsTheSdk(body));
    }
  });

  it("parses the documented shapes into what the handlers read", () => {
    const group = parseEvent("im.message.receive_v1", flattenAsTheSdk(message("im.message.receive_v1.group-mention", { MESSAGE_ID: "om_parsed" })));
    expect(group).toMatchObject({
      ok: true,
      event: { kind: "message", appId: APP_ID, senderOpenId: ADMIN_OPEN_ID, senderType: "user", messageId: "om_parsed", chatId: "oc_5ce6d572455d361153b7xx51da133945", chatType: "group", messageType: "text", text: "@_user_1 hello", mentions: [{ key: "@_user_1", openId: BOT_OPEN_ID, name: "Tom" }] },
    });
    const form = parseEvent("card.action.trigger", flattenAsTheSdk(message("card.action.trigger.form")));
    expect(form).toMatchObject({
      ok: true,
      event: {
        kind: "card-action",
        appId: APP_ID,
        operatorOpenId: ADMIN_OPEN_ID,
        messageId: "om_574d639e4a44e4dd646eaf628e2*****",
        chatId: "oc_e4d2605ca917e695f54f11aaf56*****",
        // the card's c-… token, not the Verification Token of the header: flattening keeps event.token
        token: "c-295ee57216a5dc9de90fefd0aadb4b1d7d******",
        value: { key: "value" },
        name: "Button_lvkepfu3",
        formValue: { Input_lf4fmxwfrd9: "1234", Select_a2d5b7l3zd: "1", PersonSelect_2ejys7ype7m: "ou_3c14f3a59eaf2825dbe25359f1595b00" },
      },
    });
  });

  it("(a) answers 帮助 from the admin in a p2p chat with one reply listing the commands", async () => {
    const body = message("im.message.receive_v1.p2p");
    await expect(app.bot.handle("im.message.receive_v1", flattenAsTheSdk(body))).resolves.toBeUndefined();
    const sent = messenger.sent();
    expect(sent).toHaveLength(1);
    // to the person, not the p2p chat: the per-receiver rate limit then counts them once (§7)
    expect(sent[0]!.to).toEqual({ type: "open_id", id: ADMIN_OPEN_ID });
    expect(messenger.sentTexts()[0]).toContain("可用指令");
    expect(messenger.sentTexts()[0]).toContain("管理员");
  });

  it("(b) sends nothing more when the same message is pushed again under a new event_id", async () => {
    const first = message("im.message.receive_v1.p2p");
    await app.bot.handle("im.message.receive_v1", flattenAsTheSdk(first));
    expect(messenger.sent()).toHaveLength(1);
    const again = structuredClone(first);
    (again.header as JsonObject).event_id = `${(first.header as JsonObject).event_id as string}-redelivered`;
    await expect(app.bot.handle("im.message.receive_v1", flattenAsTheSdk(again))).resolves.toBeUndefined();
    expect(messenger.sent()).toHaveLength(1);
  });

  it("(c) answers a group message that @mentions the bot, and not one that @mentions someone else", async () => {
    await app.bot.handle("im.message.receive_v1", flattenAsTheSdk(message("im.message.receive_v1.group-mention")));
    expect(messenger.sent()).toHaveLength(1);
    expect(messenger.sent()[0]!.to).toEqual({ type: "chat_id", id: "oc_5ce6d572455d361153b7xx51da133945" });
    // "hello" is no command: a known person gets the help, with the group hint
    expect(messenger.sentTexts()[0]).toContain("可用指令");
    expect(messenger.sentTexts()[0]).toContain("请先 @机器人");

    messenger.clear();
    await expect(app.bot.handle("im.message.receive_v1", flattenAsTheSdk(message("im.message.receive_v1.group-mention", { MENTION_OPEN_ID: SOMEONE_ELSE })))).resolves.toBeUndefined();
    expect(messenger.calls).toEqual([]);
  });

  it("(d) treats a topic_group like a group: answered when the bot is @mentioned, silent otherwise", async () => {
    await app.bot.handle("im.message.receive_v1", flattenAsTheSdk(message("im.message.receive_v1.topic-group")));
    expect(messenger.sentTexts()).toHaveLength(1);
    expect(messenger.sentTexts()[0]).toContain("可用指令");
    expect(messenger.sentTexts()[0]).toContain("请先 @机器人");

    messenger.clear();
    await app.bot.handle("im.message.receive_v1", flattenAsTheSdk(message("im.message.receive_v1.topic-group", { MENTION_OPEN_ID: SOMEONE_ELSE })));
    expect(messenger.calls).toEqual([]);
  });

  it("(e) refuses the documented button and form clicks (value {key: value}, no action of ours) with a toast, storing nothing", async () => {
    const before = { outbound: await database.db.outboundMessage.count(), submissions: await database.db.submission.count(), jobs: await database.db.job.count() };
    for (const name of ["card.action.trigger.button", "card.action.trigger.form"]) {
      const response = await app.bot.handle("card.action.trigger", flattenAsTheSdk(message(name)));
      expect(response, name).toEqual({ toast: { type: "error", content: "这张卡片的操作已失效，请重新获取卡片。" } });
    }
    expect(messenger.calls).toEqual([]);
    expect({ outbound: await database.db.outboundMessage.count(), submissions: await database.db.submission.count(), jobs: await database.db.job.count() }).toEqual(before);
  });

  it("(f) refuses malformed payloads without throwing", async () => {
    const noMessage = flattenAsTheSdk(message("im.message.receive_v1.p2p"));
    delete noMessage.message;
    await expect(app.bot.handle("im.message.receive_v1", noMessage)).resolves.toBeUndefined();

    const unknownChatType = flattenAsTheSdk(message("im.message.receive_v1.p2p"));
    (unknownChatType.message as JsonObject).chat_type = "meeting";
    await expect(app.bot.handle("im.message.receive_v1", unknownChatType)).resolves.toBeUndefined();

    await expect(app.bot.handle("im.message.receive_v1", null)).resolves.toBeUndefined();
    await expect(app.bot.handle("im.message.receive_v1", "not an object")).resolves.toBeUndefined();

    const noContext = flattenAsTheSdk(message("card.action.trigger.button"));
    delete noContext.context;
    await expect(app.bot.handle("card.action.trigger", noContext)).resolves.toEqual({ toast: { type: "error", content: "卡片数据无效，未作任何修改。" } });

    // The callback document allows a string value ("object/ string"); our parser takes objects only.
    const stringValue = flattenAsTheSdk(message("card.action.trigger.button"));
    (stringValue.action as JsonObject).value = "approve";
    await expect(app.bot.handle("card.action.trigger", stringValue)).resolves.toEqual({ toast: { type: "error", content: "卡片数据无效，未作任何修改。" } });

    expect(messenger.calls).toEqual([]);
  });

  it("refuses an envelope for another app", async () => {
    await expect(app.bot.handle("im.message.receive_v1", flattenAsTheSdk(message("im.message.receive_v1.p2p", { APP_ID: "cli_9f5343c580712544" })))).resolves.toBeUndefined();
    expect(messenger.calls).toEqual([]);
  });

  describe("(g) url_verification and the encrypted body", () => {
    const encrypted = fixture("encrypted-body") as Fixture & { encryptKey: string; plaintext: string };

    it("decrypts the documents' vector with the SDK's AESCipher", () => {
      expect(new lark.AESCipher(encrypted.encryptKey).decrypt(encrypted.body.encrypt as string)).toBe(encrypted.plaintext);
    });

    it("answers the documented challenge, plain and encrypted, as the SDK's generateChallenge does", () => {
      const verification = fixture("url_verification") as Fixture & { response: JsonObject };
      const plain = fill(verification.body, { VERIFICATION_TOKEN });
      expect(lark.generateChallenge(plain, { encryptKey: "" })).toEqual({ isChallenge: true, challenge: verification.response });
      const sealed = { encrypt: encryptAsThePlatform(encrypted.encryptKey, JSON.stringify(plain)) };
      expect(lark.generateChallenge(sealed, { encryptKey: encrypted.encryptKey })).toEqual({ isChallenge: true, challenge: verification.response });
    });

    it("delivers an encrypted p2p message through our dispatcher to bot.handle", async () => {
      const body = message("im.message.receive_v1.p2p");
      const dispatcher = createDispatcher(app.bot, { encryptKey: encrypted.encryptKey, verificationToken: VERIFICATION_TOKEN });
      await dispatcher.invoke({ encrypt: encryptAsThePlatform(encrypted.encryptKey, JSON.stringify(body)) }, { needCheck: false });
      expect(messenger.sentTexts()).toHaveLength(1);
      expect(messenger.sentTexts()[0]).toContain("可用指令");
    });

    it("gives the vector's plaintext (no JSON event) to no handler", async () => {
      // As createDispatcher builds it, with the SDK's "parse encrypt data failed" and "no handle" logs
      // silenced (a loggerLevel of fatal = 0 would fall back to info: the SDK reads it with ||).
      const quiet = () => undefined;
      const logger = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet };
      const dispatcher = new lark.EventDispatcher({ encryptKey: encrypted.encryptKey, logger }).register({
        "im.message.receive_v1": (data: unknown) => app.bot.handle("im.message.receive_v1", data),
        "card.action.trigger": (data: unknown) => app.bot.handle("card.action.trigger", data),
      } as Record<string, (data: unknown) => Promise<unknown>>);
      // The plaintext is no JSON: the SDK treats it as an empty event and finds no handler for its (undefined) type.
      await expect(dispatcher.invoke(structuredClone(encrypted.body), { needCheck: false })).resolves.toBe("no undefined event handle");
      expect(messenger.calls).toEqual([]);
    });
  });
});
