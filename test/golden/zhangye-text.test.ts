// The Zhangye bulletin's own words (test/fixtures/zhangye/seed-text.yaml) printed where the seed prints
// them: its title with the office, its sections （六）（七） after the groups, the closing sentences of two
// groups before their pointer to the 附件, 三、下一步工作重点 numbered 一要…四要 with the unnumbered
// paragraph inside 二要, and the 署名 in two lines with （代章）. Each expected sentence is the seed's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { goldenFiguresCsv, goldenWorkspaceYaml, readGolden } from "../support/golden.ts";
import { importFiguresText, importWorkspaceText } from "../support/import-text.ts";
import { computeFindings } from "../../src/features/findings/compute-findings.ts";
import { buildBulletin } from "../../src/features/bulletin/build-bulletin.ts";
import { bodyBlocks, signatureLines } from "../../src/render/outline.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";

let database: TestDatabase;
let bulletin: Bulletin;

beforeAll(async () => {
  database = await createTestDatabase();
  const golden = readGolden();
  const workspace = await importWorkspaceText(database.db, goldenWorkspaceYaml(golden));
  await importFiguresText(database.db, workspace, goldenFiguresCsv(golden));
  const period = { year: 2023, month: 12 };
  // The findings as 通报 computes them, so 存在的问题 stands between the sections and 下一步工作.
  const { findings, problems, loaded } = await computeFindings(database.db, workspace, period, new Date("2024-01-09T02:00:00Z"));
  expect(problems.length).toBeGreaterThan(0);
  bulletin = await buildBulletin(database.db, workspace, { period, issuedOn: golden.issuedOn, docSequence: 1, findings, problems, loaded });
});

afterAll(() => database.destroy());

const texts = () => bodyBlocks(bulletin).map((block) => block.text);

describe("Zhangye 2023-12: the office's own words where the seed has them", () => {
  it("titles the bulletin with the office, as the seed does", () => {
    expect(bulletin.header.title).toBe("张掖市城镇老旧小区改造工作领导小组办公室关于2023年1--12月全市保障性安居工程进展情况的通报");
  });

  it("ends two groups' paragraphs with the seed's closing sentences, before the pointer to the 附件", () => {
    const [renovation] = bulletin.sections;
    expect(renovation!.text.endsWith("高台县、山丹县续建结转5402户城镇老旧小区改造任务已全面完工。（详见附件1）")).toBe(true);
    const subsidy = bulletin.sections.find((section) => section.group === "住房租赁补贴")!;
    expect(subsidy.text.endsWith("六县区均实现了线上发放补贴。（详见附件4）")).toBe(true);
    // a group without a closing sentence has none
    expect(bulletin.sections.find((section) => section.group === "棚户区改造")!.text).toMatch(/。（详见附件3）$/);
  });

  it("prints the office's sections as （六）（七） under 一、, after the groups' sections", () => {
    const blocks = texts();
    const six = blocks.indexOf("（六）公租房信息系统录入完成情况");
    const seven = blocks.indexOf("（七）审计问题交办整改及信访投诉问题处理情况");
    expect(six).toBeGreaterThan(blocks.indexOf("（五）保障性安居工程资金情况"));
    expect(blocks[six + 1]).toMatch(/^截止12月底，甘州区新增保障家庭128户，信息全部录入，经过核查腾退公租房17套；/);
    expect(blocks[six + 1]).toMatch(/历年已建成18221套公租房房源信息录入情况：甘州区完成79\.7%，其他县区全面完成。$/);
    expect(seven).toBe(six + 2);
    expect(blocks[seven + 1]).toMatch(/^1\. 审计问题交办整改。由市发投公司承建的市二院人才房108套，/);
    expect(blocks[seven + 2]).toMatch(/^2\. 信访投诉问题处理情况。市政府办公室督办的高台县/);
    expect(blocks[seven + 3]).toBe("二、存在的问题");
  });

  it("closes with 三、下一步工作重点, numbered 一要 to 四要, the second item running over two paragraphs", () => {
    const blocks = texts();
    const heading = blocks.indexOf("三、下一步工作重点");
    expect(heading).toBeGreaterThan(blocks.indexOf("二、存在的问题"));
    const items = blocks.slice(heading + 1);
    expect(items).toHaveLength(5);
    expect(items[0]).toMatch(/^一要科学推进保障性安居工程项目建设。督促县区政府强化组织领导，/);
    expect(items[1]).toBe("二要继续加大建设资金筹措力度。积极同相关部门协调，加大国家补助资金争取力度，协调解决项目资金短缺问题。同时，加大宣传力度，多渠道筹集项目建设资金，加快项目建设步伐。");
    expect(items[2]).toMatch(/^目前，已争取到位2024年保障性租赁住房、租赁补贴、城镇老旧小区改造项目部分中央城镇保障性安居工程补助资金3954万。/);
    expect(items[3]).toMatch(/^三要不断完善住房保障体系。一是加大筹集发展公租房组织实施力度，/);
    expect(items[4]).toMatch(/^四要积极推进审计反馈问题整改落实。/);
  });

  it("signs in two lines with （代章）, and the Markdown carries it all", () => {
    expect(signatureLines(bulletin)).toEqual(["张掖市城镇老旧小区改造工作", "领导小组办公室（代章）"]);
    const markdown = renderMarkdown(bulletin);
    expect(markdown).toContain("## 三、下一步工作重点");
    expect(markdown).toContain("张掖市城镇老旧小区改造工作  \n领导小组办公室（代章）\n\n2024年1月9日");
  });
});
