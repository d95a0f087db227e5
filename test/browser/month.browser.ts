// The sandbox page in a real browser (Debian's chromium driven by playwright-core): `npm start`'s
// sandbox mode as a child process on a free port with a fresh SQLite file, then a month played the
// way a person would: the admin opens the period, a county contact types a bad value, reads the
// message on the card, corrects it and gets the receipt, the rest are filled with demo figures, the
// admin checks 进度, previews and publishes the bulletin, and the leaders' group has it. Screenshots
// (desktop and phone) go to .artifacts/screenshots/ for people to look at.
//
// Run with `npm run test:browser` (its own script: the app alone takes ~25 s to start).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import JSZip from "jszip";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
// The machine notes' flags: without the background-networking ones Chromium keeps dialling out of a
// closed network at every start.
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SHOTS = join(process.cwd(), ".artifacts", "screenshots");
const ADMIN = "省住房保障办管理员";
const CONTACT = "东山市填报员";
const LEADERS_GROUP = "示范省住房保障领导群";
const PERIOD = "2024-11";
const NEXT_STEP = "加快推进项目建设进度。各地要对照年度任务倒排工期，确保按期完成。";

interface RunningApp {
  readonly url: string;
  readonly child: ChildProcess;
  readonly output: () => string;
}

/** `npm start` without Feishu credentials, on a free port; resolves with the page's address it prints. */
function startApp(dataDir: string): Promise<RunningApp> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${join(dataDir, "bot.db")}`, SANDBOX_PORT: "0", HEARTBEAT_SECONDS: "1", LOG_LEVEL: "warn" };
  for (const name of Object.keys(env)) if (name.startsWith("FEISHU_") || name === "WORKSPACE_FILE" || name === "WORKSPACE_KEY") delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const found = /沙箱页面：\s*(http:\/\/[^\s/]+)\//.exec(output);
      if (found) resolve({ url: found[1]!, child, output: () => output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the app exited (${code}) before printing its address:\n${output}`)));
  });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/**
 * A card as people see it: the page with the card's top in view (`<prefix>-<name>.png`), and the
 * whole card on its own (`card-<name>.png`, taken in a viewport tall enough to hold it).
 */
async function cardShots(page: Page, target: Locator, prefix: string, name: string): Promise<void> {
  await target.evaluate((el) => el.scrollIntoView({ block: "start" }));
  await shot(page, `${prefix}-${name}`);
  const size = page.viewportSize()!;
  const height = await target.evaluate((el) => el.getBoundingClientRect().height);
  await page.setViewportSize({ width: size.width, height: Math.min(6000, Math.ceil(height) + 420) });
  await page.locator("#toasts").evaluate((el) => (el.style.visibility = "hidden"));
  await target.evaluate((el) => el.scrollIntoView({ block: "start" }));
  await target.screenshot({ path: join(SHOTS, `${prefix === "desktop" ? "card" : "phone-card"}-${name}.png`) });
  await page.locator("#toasts").evaluate((el) => (el.style.visibility = ""));
  await page.setViewportSize(size);
}

/** The newest card in the open chat whose text matches. */
function card(page: Page, text: RegExp | string): Locator {
  return page.locator(".msg .card").filter({ hasText: text }).last();
}

async function openChat(page: Page, name: string): Promise<void> {
  await page.fill("#search", name);
  await page.locator(".chat-item").filter({ hasText: name }).first().click();
  await page.fill("#search", "");
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill("#composer", text);
  await page.press("#composer", "Enter");
}

/** A figure a contact would type: last month's cumulative figure (from the placeholder) plus a little. */
function plausibleFigure(placeholder: string): string {
  const last = /截至\d+月([\d.]+)/.exec(placeholder);
  const decimals = Number(/最多(\d)位小数/.exec(placeholder)?.[1] ?? 0);
  const value = last ? Number(last[1]) * 1.05 : 0;
  const scale = 10 ** decimals;
  return (Math.floor(value * scale) / scale).toFixed(decimals);
}

/** Renders a card with every component the page draws into #gallery, recording what it would send. */
const GALLERY_SCRIPT = `(async () => {
  const { renderCard } = await import("/web/card.js");
  document.head.insertAdjacentHTML("beforeend", '<link rel="stylesheet" href="/web/style.css">');
  document.body.innerHTML = '<div id="gallery" style="padding:16px;max-width:640px"></div><div id="modal" class="modal" hidden><div class="modal-box"><div id="modal-title"></div><div class="modal-actions"><button id="modal-ok" class="btn">确定</button></div></div></div>';
  window.__calls = [];
  const card = {
    schema: "2.0",
    config: { width_mode: "fill" },
    header: { title: { tag: "plain_text", content: "组件一览" }, subtitle: { tag: "plain_text", content: "示范省" }, template: "violet",
      text_tag_list: [{ tag: "text_tag", text: { tag: "plain_text", content: "演示" }, color: "green" }, { tag: "text_tag", text: { tag: "plain_text", content: "待办" }, color: "orange" }] },
    body: { elements: [
      { tag: "markdown", content: "**加粗** <font color='red'>红色提示</font> <at id=ou_admin></at> [链接](https://example.org)\\n- 第一项\\n- 第二项" },
      { tag: "div", text: { tag: "plain_text", content: "纯文本段落", text_color: "grey" } },
      { tag: "hr" },
      { tag: "column_set", flex_mode: "bisect", background_style: "grey", columns: [
        { tag: "column", width: "weighted", weight: 1, elements: [{ tag: "markdown", content: "左栏 **12**" }] },
        { tag: "column", width: "weighted", weight: 1, elements: [{ tag: "markdown", content: "右栏 <text_tag color='red'>滞后</text_tag>" }] } ] },
      { tag: "collapsible_panel", expanded: false, header: { title: { tag: "markdown", content: "**展开查看**" } }, elements: [{ tag: "markdown", content: "折叠的内容" }] },
      { tag: "chart", chart_spec: { type: "bar", title: { text: "开工率" }, data: { values: [{ unit: "甲", rate: 80, s: "达标" }, { unit: "乙", rate: 40, s: "滞后" }, { unit: "丙", rate: 95, s: "达标" }] }, xField: "unit", yField: "rate", seriesField: "s", label: { visible: true }, markLine: [{ y: 75, label: { text: "时序进度75%" } }] } },
      { tag: "table", page_size: 2, header_style: { background_style: "grey", bold: true }, columns: [
        { name: "unit", display_name: "单位", data_type: "text" }, { name: "n", display_name: "数量", data_type: "number", format: { precision: 1, separator: true } },
        { name: "s", display_name: "状态", data_type: "options" } ],
        rows: [{ unit: "甲", n: 12345, s: [{ text: "按时", color: "green" }] }, { unit: "乙", n: 2.5, s: [{ text: "逾期", color: "red" }] }, { unit: "丙", n: 0, s: [{ text: "未报", color: "grey" }] }] },
      { tag: "form", name: "f", elements: [
        { tag: "input", name: "reason", required: true, label: { tag: "plain_text", content: "情况说明" }, placeholder: { tag: "plain_text", content: "请填写" } },
        { tag: "select_static", name: "choice", placeholder: { tag: "plain_text", content: "请选择" }, options: [{ text: { tag: "plain_text", content: "甲" }, value: "a" }, { text: { tag: "plain_text", content: "乙" }, value: "b" }] },
        { tag: "date_picker", name: "when", initial_date: "2024-12-06" },
        { tag: "input", name: "note", input_type: "multiline_text", default_value: "默认备注", label: { tag: "plain_text", content: "备注" } },
        { tag: "column_set", columns: [
          { tag: "column", width: "auto", elements: [{ tag: "button", name: "go", type: "primary_filled", form_action_type: "submit", text: { tag: "plain_text", content: "确认提交" }, behaviors: [{ type: "callback", value: { action: "go" } }] }] },
          { tag: "column", width: "auto", elements: [{ tag: "button", name: "reset", form_action_type: "reset", text: { tag: "plain_text", content: "重置" } }] } ] } ] },
      { tag: "button", name: "more", type: "primary", text: { tag: "plain_text", content: "查看详情" }, confirm: { title: { tag: "plain_text", content: "确认" }, text: { tag: "plain_text", content: "打开详情？" } }, behaviors: [{ type: "callback", value: { action: "more" } }] },
    ] },
  };
  const confirm = () => new Promise((resolve) => { const modal = document.getElementById("modal"); modal.hidden = false; document.getElementById("modal-ok").onclick = () => { modal.hidden = true; resolve(true); }; });
  document.getElementById("gallery").append(renderCard(card, {
    people: new Map([["ou_admin", "省住房保障办管理员"]]),
    chartWidth: 560,
    toast: () => {},
    confirm,
    click: async (value, name) => { window.__calls.push({ kind: "click", name, value }); },
    submit: async (values, name) => { window.__calls.push({ kind: "submit", name, values }); },
  }));
})()`;

describe("the sandbox page plays a month", { timeout: 240_000 }, () => {
  let dataDir: string;
  let app: RunningApp;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), "sandbox-page-"));
    [app, browser] = await Promise.all([startApp(dataDir), chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })]);
    desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    page = await desktop.newPage();
    await page.goto(`${app.url}/`);
  }, 120_000);

  afterEach(async (context) => {
    // What the page showed when a step failed, next to the other screenshots.
    if (context.task.result?.state === "fail" && page) await shot(page, `failed-${context.task.name.slice(0, 40).replace(/[^\w\u4e00-\u9fff]+/g, "-")}`);
  });

  afterAll(async () => {
    await browser?.close();
    if (app?.child.exitCode === null) {
      const exited = new Promise((resolve) => app.child.once("exit", resolve));
      app.child.kill("SIGTERM");
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts as the admin in a chat with the bot, with the demo clock in December 2024", async () => {
    await page.locator("#conv-sub").filter({ hasText: ADMIN }).waitFor();
    expect(await page.locator("#identity option:checked").textContent()).toBe(ADMIN);
    expect(await page.locator("#demo-clock").textContent()).toContain("2024年12月1日");
    await shot(page, "desktop-0-start");
  });

  it("the admin opens the month and the contacts receive their form cards", async () => {
    await say(page, `开始填报 ${PERIOD}`);
    await page.locator(".msg .bubble").filter({ hasText: "2024年11月填报期" }).last().waitFor();
    await openChat(page, CONTACT);
    expect(await page.locator("#identity option:checked").textContent()).toBe(CONTACT);
    await card(page, "数据填报").waitFor({ timeout: 30_000 });
  });

  it("the contact types a bad value, reads why on the card, corrects it and gets the receipt", async () => {
    const form = card(page, "数据填报");
    const inputs = form.locator("input.control");
    const count = await inputs.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      const input = inputs.nth(i);
      await input.fill(plausibleFigure((await input.getAttribute("placeholder")) ?? ""));
    }
    const first = inputs.first();
    const good = await first.inputValue();
    await first.fill("abc");
    await form.getByRole("button", { name: "提交" }).click();

    const rejected = card(page, "数据尚未提交");
    await rejected.waitFor();
    expect(await rejected.textContent()).toMatch(/「棚户区改造开工（套）」填写的“abc”不是数字/);
    // What was typed is kept, so only the bad field needs correcting.
    expect(await rejected.locator("input.control").first().inputValue()).toBe("abc");
    await cardShots(page, rejected, "desktop", "1-contact-card-rejected");

    await rejected.locator("input.control").first().fill(good);
    await rejected.getByRole("button", { name: "提交" }).click();
    let receipt = card(page, "数据已提交");
    const confirmedOrReceipt = page.locator(".msg .card").filter({ hasText: /数据已提交|上报说明/ }).last();
    await confirmedOrReceipt.waitFor();
    if (!(await confirmedOrReceipt.textContent())?.includes("数据已提交")) {
      // A value the bot finds suspect is confirmed with a 上报说明, as a contact would.
      for (const input of await confirmedOrReceipt.locator("input[name^='explain__']").all()) await input.fill("已核实，数据无误");
      await confirmedOrReceipt.getByRole("button", { name: "提交" }).click();
      receipt = card(page, "数据已提交");
    }
    await receipt.waitFor();
    expect(await receipt.locator(".card-table").count()).toBe(1);
    await cardShots(page, receipt, "desktop", "2-contact-receipt");
  });

  it("the demo controls fill in the other units and move the clock to the next scheduled moment", async () => {
    await page.locator("#demo-period").filter({ hasText: "已报 1/60" }).waitFor();
    await page.click("#demo-fill");
    await page.locator("#demo-period").filter({ hasText: "已报 60/60" }).waitFor({ timeout: 60_000 });

    const before = await page.locator("#demo-clock").textContent();
    const jump = page.locator("#demo-jump");
    expect(await jump.textContent()).toMatch(/跳到下一个时间点：\d+月\d+日 \d\d:\d\d/);
    await jump.click();
    await expect.poll(() => page.locator("#demo-clock").textContent(), { timeout: 30_000 }).not.toBe(before);
    expect(await page.locator("#demo-clock").textContent()).toContain("已快进");
  });

  it("the admin's 进度 shows every unit reported", async () => {
    await page.selectOption("#identity", { label: ADMIN });
    await page.locator("#conv-sub").filter({ hasText: ADMIN }).waitFor();
    await say(page, "进度");
    const status = card(page, "填报进度");
    await status.waitFor();
    expect(await status.textContent()).toContain("已报送 60/60");
    await cardShots(page, status, "desktop", "3-admin-status");
  });

  it("the admin previews and publishes the bulletin; the leaders' group gets the summary card and the files", async () => {
    await say(page, "通报");
    // The preview is the card with the 发布 button (the 进度 card also mentions 通报预览).
    const preview = page.locator(".msg .card").filter({ has: page.getByRole("button", { name: "发布" }) }).last();
    await preview.waitFor({ timeout: 60_000 });
    await page.locator(".file-card").filter({ hasText: ".docx" }).first().waitFor({ timeout: 60_000 });
    const firstId = await preview.evaluate((el) => el.closest(".msg")!.getAttribute("data-message-id")!);

    // 下一步工作 written from the preview: the card turns into a form, 保存 brings a new preview.
    await preview.getByRole("button", { name: "编辑“下一步工作重点”" }).click();
    const form = page.locator(`.msg[data-message-id="${firstId}"] .card`);
    await form.getByLabel("第1项").fill(NEXT_STEP);
    await cardShots(page, form, "desktop", "4a-admin-edits-next-steps");
    await form.getByRole("button", { name: "保存并重新生成预览" }).click();
    await form.filter({ hasText: "已保存“下一步工作重点”" }).waitFor({ timeout: 30_000 });
    const second = page.locator(".msg .card").filter({ hasText: "第2版" }).filter({ has: page.getByRole("button", { name: "发布" }) }).last();
    await second.waitFor({ timeout: 60_000 });
    expect(await second.textContent()).toContain("一要加快推进项目建设进度");
    const previewId = await second.evaluate((el) => el.closest(".msg")!.getAttribute("data-message-id")!);
    await page.locator(".file-card").filter({ hasText: ".docx" }).nth(1).waitFor({ timeout: 60_000 });

    await second.getByRole("button", { name: "发布" }).click();
    await page.locator("#modal").getByRole("button", { name: "确定" }).click(); // the button's confirm dialog
    // Answered at once; the publishing job then patches the preview card into a record of the publication.
    await page.locator(`.msg[data-message-id="${previewId}"] .card`).filter({ hasText: /已于.*发布到领导群/ }).waitFor({ timeout: 30_000 });

    await openChat(page, LEADERS_GROUP);
    const summary = page.locator(".msg .card").first();
    await summary.waitFor({ timeout: 60_000 });
    await page.locator(".file-card").filter({ hasText: ".xlsx" }).first().waitFor({ timeout: 60_000 });
    const files = page.locator(".file-card");
    const names = await files.locator(".file-name").allTextContents();
    expect(names.some((name) => name.endsWith(".docx"))).toBe(true);
    expect(names.some((name) => name.endsWith(".xlsx"))).toBe(true);
    expect(await summary.locator(".card-chart svg").count()).toBe(1);
    expect(await summary.locator(".card-table").count()).toBeGreaterThan(0);

    const href = await files.first().getAttribute("href");
    const download = await page.request.get(`${app.url}${href}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 2).toString()).toBe("PK"); // .docx and .xlsx are zip files
    // The leaders' Word file carries what the admin wrote.
    const docxHref = await files.filter({ hasText: ".docx" }).first().getAttribute("href");
    const docx = await JSZip.loadAsync(await (await page.request.get(`${app.url}${docxHref}`)).body());
    const documentXml = await docx.file("word/document.xml")!.async("string");
    expect(documentXml).toContain("下一步工作重点");
    expect(documentXml).toContain(`一要${NEXT_STEP}`);

    await cardShots(page, summary, "desktop", "4-leaders-summary");
    await page.locator(".messages").evaluate((box) => (box.scrollTop = box.scrollHeight));
    await shot(page, "desktop-5-leaders-files");
  });

  it("draws the other Card JSON 2.0 components and submits a form's values as strings", async () => {
    const gallery = await browser.newPage({ viewport: { width: 760, height: 900 } });
    await gallery.goto(`${app.url}/web/style.css`); // any same-origin document: the script replaces it
    // The page's own renderer, given a card with the components the bot does not send today.
    await gallery.evaluate(GALLERY_SCRIPT);
    const drawn = gallery.locator("#gallery .card");
    await drawn.waitFor();
    expect(await drawn.locator(".card-header.tpl-violet .text-tag").count()).toBe(2);
    expect(await drawn.locator(".md span[style*='color']").first().textContent()).toBe("红色提示");
    expect(await drawn.locator(".mention").first().textContent()).toBe("@省住房保障办管理员");
    expect(await drawn.locator(".column-set.bg-grey .column").count()).toBe(2);
    expect(await drawn.locator("details.panel").count()).toBe(1);
    expect(await drawn.locator(".card-chart svg rect").count()).toBeGreaterThanOrEqual(3);
    expect(await drawn.locator(".card-table tbody tr").count()).toBe(2); // page_size 2 of 3 rows
    await drawn.getByRole("button", { name: "下一页" }).click();
    expect(await drawn.locator(".card-table tbody tr").count()).toBe(1);

    await drawn.getByRole("button", { name: "确认提交" }).click();
    expect(await gallery.evaluate("window.__calls.length")).toBe(0); // the required field is empty: nothing sent
    await drawn.getByLabel("情况说明").fill("已开工");
    await drawn.locator("select").selectOption("b");
    await drawn.locator("input[type=date]").fill("2024-12-10");
    await drawn.getByRole("button", { name: "确认提交" }).click();
    expect(await gallery.evaluate("window.__calls")).toEqual([
      { kind: "submit", name: "go", values: { reason: "已开工", choice: "b", when: "2024-12-10 +0800", note: "默认备注" } },
    ]);
    await drawn.getByRole("button", { name: "查看详情" }).click();
    await gallery.getByRole("button", { name: "确定" }).click();
    expect(await gallery.evaluate("window.__calls.at(-1)")).toEqual({ kind: "click", name: "more", value: { action: "more" } });
    await drawn.screenshot({ path: join(SHOTS, "card-components.png") });
    await gallery.close();
  });

  it("on a phone the chat list is a drawer and the cards fit the screen", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    const mobile = await phone.newPage();
    const users = (await (await mobile.request.get(`${app.url}/_sandbox/users`)).json()) as { users: { name: string; open_id: string }[] };
    const openId = (name: string) => users.users.find((u) => u.name === name)!.open_id;

    await mobile.goto(`${app.url}/`);
    await mobile.locator(".chat-item").first().waitFor();
    await expect.poll(() => mobile.locator("#sidebar").evaluate((el) => el.getBoundingClientRect().left)).toBe(0); // it slides in
    await shot(mobile, "phone-0-chat-list");

    await mobile.locator(".chat-item").filter({ hasText: CONTACT }).first().click();
    // The drawer slides away once a chat is chosen.
    await expect.poll(() => mobile.locator("#sidebar").evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(0);
    const receipt = card(mobile, "数据已提交");
    await receipt.waitFor();
    expect(await receipt.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    await cardShots(mobile, receipt, "phone", "1-contact-receipt");

    await mobile.goto(`${app.url}/#as=${openId(ADMIN)}&chat=p2p:${openId(ADMIN)}`);
    await mobile.reload();
    const status = card(mobile, "填报进度");
    await status.waitFor();
    await cardShots(mobile, status, "phone", "2-admin-status");

    await mobile.click("#drawer-toggle-2");
    await openChat(mobile, LEADERS_GROUP);
    const summary = mobile.locator(".msg .card").first();
    await summary.waitFor();
    await cardShots(mobile, summary, "phone", "3-leaders-summary");
    await phone.close();
  });
});
