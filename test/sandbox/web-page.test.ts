import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform, type Platform } from "../../src/sandbox/index.ts";
import { fixedClock, offsetClock } from "../../src/platform/time.ts";
import { demoFigures, demoStartsAt, momentLabel } from "../../src/sandbox-demo.ts";
import type { FormField } from "../../src/features/collect/form-model.ts";
import { appId, appSecret, office } from "./fixtures.ts";

// The sandbox page's server side: its static files, the overview it polls, the messages it draws;
// and the pure parts of the demo controls. The page itself is driven in a browser by
// test/browser/month.browser.ts (npm run test:browser).

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ appId, appSecret, directory: office });
});

afterAll(async () => {
  await platform.close();
});

const get = async (path: string) => {
  const res = await fetch(`${platform.url}${path}`);
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
};

describe("the sandbox page's routes", () => {
  it("serves the page and its modules, and nothing outside the web folder", async () => {
    const page = await get("/");
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    expect(page.text).toContain("当前身份");
    const app = await get("/web/app.js");
    expect(app.type).toContain("text/javascript");
    expect((await get("/web/card.js")).status).toBe(200);
    // Route params are decoded: "..%2F" must not reach the file system.
    expect((await get("/web/..%2Fweb-routes.ts")).status).toBe(404);
    expect((await get("/web/nope.js")).status).toBe(404);
  });

  it("lists every person's chat with the bot before anyone has spoken, and counts changes per chat", async () => {
    const before = JSON.parse((await get("/_sandbox/web/overview")).text) as {
      seq: number;
      people: { name: string; chat_id: string | null; count: number }[];
      groups: { name: string }[];
    };
    expect(before.people.map((p) => p.name)).toEqual(["王主任", "李科长", "甘州区联络员", "临泽县联络员"]);
    expect(before.groups.map((g) => g.name)).toEqual(["月报工作群", "办公室"]);
    expect(before.people.find((p) => p.name === "甘州区联络员")).toMatchObject({ count: 0 });

    await platform.sendText("甘州区联络员", "月报工作群", "@王主任 数据已报");
    const after = JSON.parse((await get("/_sandbox/web/overview")).text) as { seq: number; groups: { name: string; seq: number; last: { preview: string } }[] };
    expect(after.seq).toBeGreaterThan(before.seq);
    const group = after.groups.find((g) => g.name === "月报工作群")!;
    expect(group.last.preview).toBe("@王主任 数据已报");

    const messages = JSON.parse((await get(`/_sandbox/web/messages?chat=${encodeURIComponent("月报工作群")}`)).text) as { messages: { msg_type: string; mentions: { name: string }[]; sender: { name: string } }[] };
    expect(messages.messages).toHaveLength(1);
    expect(messages.messages[0]).toMatchObject({ msg_type: "text", sender: { name: "甘州区联络员" }, mentions: [{ name: "王主任" }] });
    // A chat nobody has opened is empty, not created.
    const chatsBefore = platform.chats().length;
    const openId = platform.directory.findUser("李科长")!.openId;
    expect(JSON.parse((await get(`/_sandbox/web/messages?p2p=${openId}`)).text)).toMatchObject({ chat_id: null, messages: [] });
    expect(platform.chats()).toHaveLength(chatsBefore);
  });
});

describe("the demo controls' pure parts", () => {
  it("an offset clock moves only forward, from where the demo starts", () => {
    const base = fixedClock("2026-11-22T00:00:00Z");
    const clock = offsetClock(base, new Date("2024-12-01T00:30:00Z"));
    expect(clock.now().toISOString()).toBe("2024-12-01T00:30:00.000Z");
    base.advance(60_000);
    expect(clock.now().toISOString()).toBe("2024-12-01T00:31:00.000Z");
    clock.jumpTo(new Date("2024-12-03T01:00:00Z"));
    expect(clock.now().toISOString()).toBe("2024-12-03T01:00:00.000Z");
    clock.jumpTo(new Date("2024-12-02T00:00:00Z"));
    expect(clock.now().toISOString()).toBe("2024-12-03T01:00:00.000Z");
  });

  it("starts half an hour before the month after the demo data's last one opens", () => {
    expect(demoStartsAt("Asia/Shanghai").toISOString()).toBe("2024-12-01T00:30:00.000Z");
  });

  it("names the schedule's jobs for people", () => {
    expect(momentLabel("schedule.step", "remind:ws:2024-11:r0")).toBe("填报提醒");
    expect(momentLabel("schedule.step", "chase:ws:2024-11:c1")).toBe("逾期催报");
    expect(momentLabel("schedule.open", "sched-open:ws:2024-12")).toBe("开放填报");
    expect(momentLabel("schedule.lagging", "lagging:ws:2024-11")).toBe("进度滞后督办");
    expect(momentLabel("schedule.draft-notice", "draft:ws:2024-11")).toBe("通报草稿提醒");
    expect(momentLabel("something.new", "x")).toBe("something.new");
  });

  it("carries a unit's pace on to the month, rounded down to the indicator's decimals", () => {
    const field = (key: string, decimals: number, previous: { month: number; value: number } | null): FormField => ({
      key,
      name: key,
      measure: "套",
      decimals,
      label: key,
      target: null,
      previous,
      current: null,
      standing: null,
    });
    expect(
      demoFigures(
        [field("started", 0, { month: 10, value: 1140 }), field("spent", 2, { month: 10, value: 1122.58 }), field("arrived", 2, { month: 10, value: 1122.58 }), field("new", 0, null)],
        11,
      ),
    ).toEqual({ started: "1254", spent: "1234.83", arrived: "1234.83", new: "0" });
  });
});
