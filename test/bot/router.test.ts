// Commands read as people type them: the argument glued to the command word, a period written the
// Chinese way or with full-width characters, and a one-character typo answered with a suggestion.
import { describe, expect, it } from "vitest";
import { Router, mentionsBot } from "../../src/bot/router.ts";
import { typedPeriodKey } from "../../src/domain/period.ts";

const noop = async () => undefined;
const router = new Router()
  .command({ names: ["进度", "status"], audience: "admin", usage: "进度 [2023-12]", summary: "", handler: noop })
  .command({ names: ["开始填报", "open"], audience: "admin", usage: "开始填报 2023-12", summary: "", handler: noop })
  .command({ names: ["通报", "bulletin"], audience: "admin", usage: "通报 [2023-12]", summary: "", handler: noop })
  .command({ names: ["帮助", "help", "?"], audience: "member", usage: "帮助", summary: "", handler: noop });

describe("findGluedCommand", () => {
  it("splits a command word from an argument typed without a space (bug: “开始填报2024-11” refused)", () => {
    expect(router.findGluedCommand("开始填报2024-11")).toMatchObject({ spec: { names: ["开始填报", "open"] }, rest: "2024-11" });
    expect(router.findGluedCommand("进度2024年12月")?.rest).toBe("2024年12月");
  });

  it("leaves English words and exact names alone", () => {
    expect(router.findGluedCommand("status2024")).toBeUndefined();
    expect(router.findGluedCommand("进度")).toBeUndefined();
    expect(router.findGluedCommand("东山市")).toBeUndefined();
  });
});

describe("suggestCommand", () => {
  it.each([["进读", "进度"], ["通抱", "通报"], ["开始填", "开始填报"], ["开始天报", "开始填报"]])("suggests %s → %s (bug: a typo got the whole help)", (typo, name) => {
    expect(router.suggestCommand(typo)?.names[0]).toBe(name);
  });

  it("suggests nothing for words that are not near a command", () => {
    for (const word of ["收到", "谢谢", "好", "x", "东山市"]) expect(router.suggestCommand(word)).toBeUndefined();
  });
});

describe("typedPeriodKey", () => {
  it.each([["2024-11", "2024-11"], ["2024－12", "2024-12"], ["２０２４-１", "2024-01"], ["2024年11月", "2024-11"], ["2024/3", "2024-03"], ["2024.10", "2024-10"], ["2024年11月份", "2024-11"]])("reads %s as %s", (typed, key) => {
    expect(typedPeriodKey(typed)).toBe(key);
  });

  it("returns anything else as typed, for the schema to refuse", () => {
    expect(typedPeriodKey("十一月")).toBe("十一月");
    expect(typedPeriodKey("2024-13")).toBe("2024-13");
  });
});

describe("mentionsBot", () => {
  const bot = { key: "@_user_1", openId: "ou_bot", name: "月报机器人" };
  const person = { key: "@_user_2", openId: "ou_zhang", name: "张三" };

  it("knows the bot by its open_id wherever the mention stands", () => {
    expect(mentionsBot("进度 @_user_1", [bot], "ou_bot")).toBe(true);
    expect(mentionsBot("@_user_2 请尽快填报", [person], "ou_bot")).toBe(false);
  });

  it("without the open_id takes only a message that begins with a mention (bug: any mention anywhere was the bot's)", () => {
    expect(mentionsBot("@_user_1 进度", [bot], null)).toBe(true);
    expect(mentionsBot("请 @_user_2 尽快填报", [person], null)).toBe(false);
    expect(mentionsBot("收到", [], null)).toBe(false);
  });
});
