// The Word document read back: every 附件 cell equals the model's number and the Markdown's text, the
// body says what the model says, and the layout is the official one (fonts, sizes, margins, sections).
import { beforeAll, describe, expect, it } from "vitest";
import JSZip from "jszip";
import type { Bulletin } from "../../src/domain/bulletin/types.ts";
import { renderDocx } from "../../src/render/docx/render-docx.ts";
import { renderTable } from "../../src/render/markdown.ts";
import { bodyBlocks, openingSentence } from "../../src/render/outline.ts";
import { tableLeaves } from "../../src/render/table-cells.ts";
import { bodyParagraphs, documentXml, tables, textOf } from "./support/docx-xml.ts";
import { zhangyeBulletin } from "./support/fixture-bulletin.ts";
import { syntheticBulletin } from "./support/synthetic.ts";

/** The Markdown table's data rows, cell by cell. */
function markdownRows(table: Bulletin["attachments"][number]): string[][] {
  return renderTable(table)
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .slice(1)
    .map((line) => line.slice(2, -2).split(" | "));
}

describe("renderDocx (Zhangye 2023-12)", () => {
  let bulletin: Bulletin;
  let xml: string;
  beforeAll(async () => {
    ({ bulletin } = await zhangyeBulletin());
    xml = await documentXml(await renderDocx(bulletin));
  });

  it("prints one table per 附件, every cell the model's number and the Markdown's text", () => {
    const found = tables(xml);
    expect(found).toHaveLength(bulletin.attachments.length);
    bulletin.attachments.forEach((table, t) => {
      const leaves = tableLeaves(table.columns);
      const body = found[t]!.filter((row) => !row.isHeader);
      expect(body.map((row) => row.cells[0])).toEqual(table.rows.map((row) => row.label));
      expect(body.map((row) => [...row.cells])).toEqual(markdownRows(table));
      table.rows.forEach((row, r) => {
        leaves.forEach((leaf, l) => {
          const text = body[r]!.cells[l + 1]!;
          const { number } = leaf.value(row);
          if (number === null) expect(text).toBe("");
          else expect(Number(text.replace(/%$/, ""))).toBe(number);
        });
      });
    });
  });

  it("puts the whole-scope row first, in bold", () => {
    for (const [t, table] of tables(xml).entries()) {
      const first = table.find((row) => !row.isHeader)!;
      expect(first.cells[0]).toBe(bulletin.attachments[t]!.rows[0]!.label);
      expect(first.cells[0]).toBe("全市");
      expect(first.xml).toContain("<w:b/>");
      expect(table.filter((row) => !row.isHeader)[1]!.xml).not.toContain("<w:b/>");
    }
  });

  it("merges the header: 地区 over two rows, each group across its 年度任务/完成/率", () => {
    const [first] = tables(xml);
    const headers = first!.filter((row) => row.isHeader);
    expect(headers).toHaveLength(2);
    expect(headers[0]!.cells).toEqual(["地区", "开工小区（个）", "开工（户）", "完成投资（万元）"]);
    expect(headers[0]!.xml.match(/<w:gridSpan w:val="3"\/>/g)).toHaveLength(3);
    expect(headers[0]!.xml).toContain('<w:vMerge w:val="restart"/>');
    expect(headers[1]!.xml).toContain('<w:vMerge w:val="continue"/>');
    expect(headers[1]!.cells.slice(1)).toEqual(["年度任务", "完成", "小区开工率", "年度任务", "完成", "开工率", "年度任务", "完成", "完成投资率"]);
    // 附件4: 发放金额 has no target, so its one cell spans both header rows.
    const subsidy = tables(xml)[3]!.filter((row) => row.isHeader);
    expect(subsidy[0]!.cells).toEqual(["地区", "发放（户）", "发放金额（万元）"]);
    expect(subsidy[0]!.xml.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(2);
  });

  it("says in the body exactly what the model says: header, sections, problems, 附件 list, signature", () => {
    const paragraphs = bodyParagraphs(xml);
    const { header } = bulletin;
    expect(bulletin.problems.length).toBeGreaterThan(0);
    const expected = [
      `${header.office}文件`,
      header.docNumber!,
      header.title,
      `${header.addressees}：`,
      openingSentence(bulletin),
      ...bodyBlocks(bulletin).map((block) => block.text),
    ];
    const start = paragraphs.indexOf(expected[0]!);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(paragraphs.slice(start).filter((text) => text !== "").slice(0, expected.length)).toEqual(expected);
    // no punctuation after an attachment's title (GB/T 9704 7.3.4)
    expect(paragraphs).toContain(`附件：1. ${bulletin.attachments[0]!.title}`);
    expect(paragraphs).toContain(`${bulletin.attachments.length}. ${bulletin.attachments.at(-1)!.title}`);
    const signed = paragraphs.indexOf(header.issuedOnText);
    // The fixture signs as the seed does: the office in two lines, （代章） after the second.
    expect(paragraphs.slice(signed - 2, signed)).toEqual(["张掖市城镇老旧小区改造工作", "领导小组办公室（代章）"]);
    for (const table of bulletin.attachments) {
      expect(paragraphs).toContain(`附件${table.number}`);
      expect(paragraphs).toContain(table.title);
      expect(paragraphs).toContain(table.measures);
      expect(paragraphs).toContain(table.note);
    }
  });

  it("names the official faces for East Asian text and uses the official sizes", () => {
    const faces = (face: string) => new RegExp(`w:eastAsia="${face}"`).test(xml);
    for (const face of ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"]) expect(faces(face), face).toBe(true);
    const runOf = (text: string) => xml.match(new RegExp(`<w:r>(?:(?!<w:r>).)*?${text.replace(/[()（）]/g, ".")}</w:t></w:r>`))?.[0] ?? "";
    const titleStart = "工作领导小组办公室关于2023年1--12月"; // the title's second line
    expect(runOf(titleStart)).toContain('w:eastAsia="方正小标宋简体"');
    expect(runOf(titleStart)).toContain('<w:sz w:val="44"/>'); // 二号 22pt
    expect(runOf(bulletin.sections[0]!.text)).toContain('w:eastAsia="仿宋_GB2312"');
    expect(runOf(bulletin.sections[0]!.text)).toContain('<w:sz w:val="32"/>'); // 三号 16pt
    expect(runOf("一、目标任务及进展情况")).toContain('w:eastAsia="黑体"');
    expect(runOf(bulletin.sections[0]!.heading)).toContain('w:eastAsia="楷体_GB2312"');
    expect(runOf(`${bulletin.header.office}文件`)).toMatch(/<w:color w:val="E60012"\/>/);
    expect(xml).toMatch(/w:firstLine="630"/); // two characters of 三号 as set, a quarter point tighter
    expect(runOf(bulletin.sections[0]!.text)).toContain('<w:spacing w:val="-5"/>'); // 28 characters a line
  });

  it("uses A4 with the standard margins, one section per 附件 so each starts a page, the 版记 last on an even page", () => {
    const sections = xml.match(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)!;
    expect(sections).toHaveLength(1 + bulletin.attachments.length + 1);
    expect(sections.at(-1)).toContain('<w:type w:val="evenPage"/>');
    for (const section of sections) {
      expect(section).toMatch(/<w:pgMar w:top="2097" w:right="1474" w:bottom="1984" w:left="1587"/); // 37, 26, 35, 28 mm
      expect(section).toMatch(/<w:pgSz w:w="(11905|16837)" w:h="(16837|11905)"/);
    }
    // 附件1 has nine figure columns: landscape; 附件5 has three: portrait.
    expect(sections[1]).toContain('w:orient="landscape"');
    expect(sections[5]).toContain('w:orient="portrait"');
  });

  it("is dated on its issue date, so the same bulletin always gives the same bytes", async () => {
    const first = await renderDocx(bulletin);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the library's own stamp has whole seconds
    const second = await renderDocx(bulletin);
    expect(second.equals(first)).toBe(true);
    const core = await (await JSZip.loadAsync(first)).file("docProps/core.xml")!.async("string");
    expect(core).toContain(`>${bulletin.header.issuedOn}T00:00:00Z</dcterms:created>`);
    expect(core).toContain(`>${bulletin.header.issuedOn}T00:00:00Z</dcterms:modified>`);
  });

  it("breaks the title between words, the office and the subject whole", () => {
    const title = xml.match(/<w:p>(?:(?!<\/w:p>).)*?方正小标宋简体(?:(?!<\/w:p>).)*?<w:sz w:val="44"\/>[\s\S]*?<\/w:p>/g)!.find((p) => textOf(p) === bulletin.header.title)!;
    const lines = textOf(title.replace(/<w:br\/>/g, "<w:t>\n</w:t>")).split("\n");
    expect(lines).toEqual(["张掖市城镇老旧小区改造", "工作领导小组办公室关于2023年1--12月", "全市保障性安居工程进展情况的通报"]);
  });

  it("numbers odd pages on the right and even pages on the left, one character in", async () => {
    const zip = await JSZip.loadAsync(await renderDocx(bulletin));
    expect(await zip.file("word/settings.xml")!.async("string")).toContain("<w:evenAndOddHeaders/>");
    const main = xml.match(/<w:sectPr[\s\S]*?<\/w:sectPr>/)![0];
    const footer = async (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(\\w+)"`).exec(main)![1];
      const rels = await zip.file("word/_rels/document.xml.rels")!.async("string");
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1];
      return zip.file(`word/${target}`)!.async("string");
    };
    const odd = await footer("default");
    const even = await footer("even");
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(odd).toMatch(/w:right="280"/); // one 四号 character
    expect(even).toContain('<w:jc w:val="left"/>');
    expect(even).toMatch(/w:left="280"/);
  });

  it("prints the 版记 with 抄送 and 印发机关 + 印发日期, or none when the workspace turns it off", async () => {
    const withCopies = { ...bulletin, header: { ...bulletin.header, record: { copyTo: "市委办公室，市政府办公室", printedBy: "张掖市住房和城乡建设局办公室" } } };
    const paragraphs = bodyParagraphs(await documentXml(await renderDocx(withCopies)));
    expect(paragraphs.slice(-2)).toEqual(["抄送：市委办公室，市政府办公室。", `张掖市住房和城乡建设局办公室${bulletin.header.issuedOnText}印发`]);
    const none = await documentXml(await renderDocx({ ...bulletin, header: { ...bulletin.header, record: null } }));
    expect(bodyParagraphs(none).some((text) => text.endsWith("印发"))).toBe(false);
    expect(none.match(/<w:sectPr/g)).toHaveLength(1 + bulletin.attachments.length);
  });

  it("leaves the red header out when asked", async () => {
    const plain = bodyParagraphs(await documentXml(await renderDocx(bulletin, { redHeader: false })));
    expect(plain).not.toContain(`${bulletin.header.office}文件`);
    expect(plain).toContain(bulletin.header.docNumber);
    expect(plain).toContain(bulletin.header.title);
  });
});

describe("renderDocx (100 units)", () => {
  it("prints every unit's row, ranked as the model ranks them", async () => {
    const { bulletin } = syntheticBulletin(100);
    const found = tables(await documentXml(await renderDocx(bulletin)));
    bulletin.attachments.forEach((table, t) => {
      expect(found[t]!.filter((row) => !row.isHeader).map((row) => [...row.cells])).toEqual(markdownRows(table));
    });
    expect(found[0]!.filter((row) => !row.isHeader)).toHaveLength(101);
  });
});
