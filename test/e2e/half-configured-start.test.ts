// The whole bot started as `npm start` starts it (src/main.ts in a process of its own, long connection,
// a workspace file), against a half-configured app: without the contact scope the start reports the
// refusal with the setting that fixes it and goes on serving, and the long connection's state is logged
// when it comes up, drops and comes back; with a wrong app secret every refusal at start (bot info,
// lookup, the long connection) names the credentials to check, and the process stays up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPlatform, type Platform } from "../../src/sandbox/index.ts";

const APP = { appId: "cli_5a1f5a1f5a1f5a1f", appSecret: "half-configured" };
const ADMIN = { name: "王主任", mobile: "13900000001" };

describe("the bot started with the contact scope refused", () => {
  let platform: Platform;
  let bot: ChildProcess;
  const lines: string[] = [];
  const logged = (text: string) => lines.some((line) => line.includes(text));
  const until = async (what: string, check: () => boolean) => {
    for (let waited = 0; !check(); waited += 50) {
      if (bot.exitCode !== null) throw new Error(`the bot exited (${bot.exitCode}) before: ${what}\n${lines.join("\n")}`);
      if (waited > 30_000) throw new Error(`not seen within 30 s: ${what}\n${lines.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    platform = await startPlatform({ ...APP, directory: { users: [{ name: ADMIN.name, mobile: ADMIN.mobile }] } });
    platform.injectFault({
      path: "/open-apis/contact/v3/users/batch_get_id",
      times: "always",
      fault: { kind: "error", code: 99991672, httpStatus: 400, msg: "Access denied. One of the following scopes is required: [contact:user.id:readonly]" },
    });
    const dir = mkdtempSync(join(tmpdir(), "bzf-half-configured-"));
    const workspace = join(dir, "workspace.yaml");
    writeFileSync(
      workspace,
      `name: 示范市\noffice: 示范市住房保障办\nscope: 全市\npercentDigits: 1\npercentTrailingZero: false\nadmins: [{ name: ${ADMIN.name}, mobile: "${ADMIN.mobile}" }]\nunits: [{ name: 东山区 }]\nindicators: [{ id: kaigong, group: 保障性租赁住房, name: 开工, unit: 套 }]\n`,
    );
    const env = {
      ...process.env,
      FEISHU_APP_ID: APP.appId,
      FEISHU_APP_SECRET: APP.appSecret,
      FEISHU_DOMAIN: platform.url,
      DATABASE_URL: `file:${join(dir, "bot.db")}`,
      WORKSPACE_FILE: workspace,
      LOG_LEVEL: "info",
      HEARTBEAT_SECONDS: "3600",
    };
    bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [bot.stdout!, bot.stderr!]) stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
    await until("the long connection is up", () => logged("长连接已建立"));
  }, 60_000);

  afterAll(async () => {
    if (bot.exitCode === null) {
      const exited = new Promise((resolve) => bot.once("exit", resolve));
      bot.kill("SIGTERM");
      await exited;
    }
    await platform.close();
  });

  it("reports the refused lookup with the scope and the console page, and keeps running", () => {
    const refusal = lines.find((line) => line.includes("contact:user.id:readonly") && line.includes("权限管理"));
    expect(refusal, lines.join("\n")).toBeDefined();
    expect(refusal).toContain("机器人继续运行");
    expect(bot.exitCode).toBeNull();
    // One line per event, as structured logs: the SDK's own multi-line dump of the same refusal is kept out.
    expect(lines.filter((line) => !line.startsWith("{")), lines.join("\n")).toEqual([]);
  });

  it("still answers a message (bug: the refused lookup stopped the bot before it connected)", async () => {
    const before = platform.messages({ p2p: ADMIN.name }).filter((message) => message.sender.type === "app").length;
    const sent = await platform.sendText(ADMIN.name, "p2p", "帮助");
    expect(sent.delivery?.state).toBe("delivered");
    await until("an answer in the admin's chat", () => platform.messages({ p2p: ADMIN.name }).filter((message) => message.sender.type === "app").length > before);
  });

  it("logs the long connection dropping and coming back", async () => {
    platform.dropLongConnections();
    await until("the reconnect is logged", () => logged("长连接断开，正在重连"));
    await until("the connection is back", () => logged("长连接已恢复"));
    const sent = await platform.sendText(ADMIN.name, "p2p", "帮助");
    expect(sent.delivery?.state).toBe("delivered");
  }, 60_000);
});

describe("the bot started with a wrong app secret", () => {
  let platform: Platform;
  let bot: ChildProcess;
  const messages: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform({ ...APP, directory: { users: [{ name: ADMIN.name, mobile: ADMIN.mobile }] } });
    const dir = mkdtempSync(join(tmpdir(), "bzf-wrong-secret-"));
    const workspace = join(dir, "workspace.yaml");
    writeFileSync(workspace, `name: 示范市\noffice: 示范市住房保障办\nscope: 全市\npercentDigits: 1\npercentTrailingZero: false\nadmins: [{ name: ${ADMIN.name}, mobile: "${ADMIN.mobile}" }]\nunits: [{ name: 东山区 }]\nindicators: [{ id: kaigong, group: 保障性租赁住房, name: 开工, unit: 套 }]\n`);
    const env = { ...process.env, FEISHU_APP_ID: APP.appId, FEISHU_APP_SECRET: "not-the-secret", FEISHU_DOMAIN: platform.url, DATABASE_URL: `file:${join(dir, "bot.db")}`, WORKSPACE_FILE: workspace, LOG_LEVEL: "info", HEARTBEAT_SECONDS: "3600" };
    bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let buffered = "";
    for (const stream of [bot.stdout!, bot.stderr!]) {
      stream.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("utf8");
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines.filter(Boolean)) messages.push(line.startsWith("{") ? String((JSON.parse(line) as { msg?: unknown }).msg) : `RAW ${line}`);
      });
    }
    for (let waited = 0; !messages.some((message) => message.startsWith("长连接出错")); waited += 50) {
      if (bot.exitCode !== null || waited > 30_000) throw new Error(`no connection error seen (exit ${bot.exitCode}):\n${messages.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 60_000);

  afterAll(async () => {
    if (bot.exitCode === null) {
      const exited = new Promise((resolve) => bot.once("exit", resolve));
      bot.kill("SIGTERM");
      await exited;
    }
    await platform.close();
  });

  it("names the credentials at each refusal, never a scope, and stays up (bug: it logged 'connected to Feishu' and sent the officer to 权限管理)", () => {
    const botInfo = messages.find((message) => message.startsWith("无法读取机器人信息"));
    const lookup = messages.find((message) => message.startsWith("按手机号或邮箱查找人员失败"));
    for (const message of [botInfo, lookup]) {
      expect(message, messages.join("\n")).toContain("FEISHU_APP_SECRET");
      expect(message).toContain("机器人继续运行");
      expect(message).not.toContain("contact:user.id:readonly");
    }
    expect(messages.find((message) => message.startsWith("长连接出错"))).toContain("应用凭证");
    expect(messages.filter((message) => /connected|长连接已建立/.test(message))).toEqual([]);
    expect(messages.filter((message) => message.startsWith("RAW"))).toEqual([]);
    expect(bot.exitCode).toBeNull();
  });
});
