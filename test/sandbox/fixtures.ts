import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as lark from "@larksuiteoapi/node-sdk";
import type { DirectorySeed, Platform } from "../../src/sandbox/index.ts";

// Shared pieces of the sandbox contract tests: credentials, a small office, a quiet SDK, a bot-side
// HTTP server for webhook mode, and cards as the bot would build them.

export const appId = "cli_0123456789abcdef";
export const appSecret = "sandbox-test-secret";
export const encryptKey = "sandbox-encrypt-key";
export const verificationToken = "sandbox-verification-token";

export const office: DirectorySeed = {
  users: [
    { name: "王主任", mobile: "13800000001", email: "wang@zjj.example.cn" },
    { name: "李科长", mobile: "+86 138-0000-0002", email: "li@zjj.example.cn" },
    { name: "甘州区联络员", mobile: "13900000101", email: "ganzhou@zjj.example.cn" },
    { name: "临泽县联络员", mobile: "13900000102", email: "linze@zjj.example.cn", in_availability: false },
  ],
  chats: [
    { name: "月报工作群", members: ["王主任", "李科长", "甘州区联络员"], owner: "李科长" },
    { name: "办公室", members: ["王主任", "李科长"], bot_in_chat: false },
  ],
};

/** The SDK logs every failed request and every WS step; the tests read results, not logs. */
export const quietLogger: lark.Logger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/** A real SDK client on the stand-in. Its own token cache: the SDK's default cache is process-wide. */
export function sdkClient(platform: Platform, credentials = { appId, appSecret }): lark.Client {
  return new lark.Client({
    ...credentials,
    domain: platform.url,
    cache: new lark.DefaultCache(),
    logger: quietLogger,
    loggerLevel: lark.LoggerLevel.fatal,
  });
}

export interface PlatformRefusal {
  status: number;
  data: { code: number; msg: string };
  headers: Record<string, string>;
}

/** The SDK throws an AxiosError on any non-2xx answer (§6.3); this returns what the platform said. */
export async function refusal(call: Promise<unknown>): Promise<PlatformRefusal> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: PlatformRefusal["data"]; headers: Record<string, string> } }).response;
    if (response) return { status: response.status, data: response.data, headers: response.headers };
    throw error;
  }
  throw new Error("expected the platform to refuse the call");
}

/** The bot's side of webhook mode: a node:http server running the SDK's adaptDefault. */
export async function startWebhookBot(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A card like the bot's figures card (§2.7): a form with two inputs and a submit button. */
export function figuresCard(title = "每月数据填报") {
  return {
    schema: "2.0",
    config: { update_multi: true, summary: { content: title } },
    header: { title: { tag: "plain_text", content: title }, template: "blue" },
    body: {
      elements: [
        { tag: "markdown", content: "请填写本月数据。" },
        {
          tag: "form",
          name: "figures_form",
          elements: [
            { tag: "input", name: "started", required: true, label: { tag: "plain_text", content: "开工（套）" } },
            { tag: "input", name: "invested", required: false, label: { tag: "plain_text", content: "完成投资（万元）" } },
            {
              tag: "button",
              name: "submit_figures",
              type: "primary_filled",
              form_action_type: "submit",
              text: { tag: "plain_text", content: "提交" },
              behaviors: [{ type: "callback", value: { action: "figures.submit", period: "2024-05" } }],
            },
          ],
        },
        {
          tag: "button",
          name: "remind_later",
          text: { tag: "plain_text", content: "稍后提醒" },
          behaviors: [{ type: "callback", value: { action: "figures.snooze" } }],
        },
      ],
    },
  };
}

/** A plain 2.0 card with one markdown line, as a callback answer or an update. */
export function noticeCard(text: string) {
  return { schema: "2.0", config: { update_multi: true }, body: { elements: [{ tag: "markdown", content: text }] } };
}
