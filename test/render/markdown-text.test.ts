// User text in card markdown shows as typed and carries no markup (tags, links, emphasis, headings).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { markdownText } from "../../src/render/card/markdown-text.ts";

const decode = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

describe("markdownText", () => {
  it("neutralises the markup a contact can type: <at id=all>, <font>, <link>, links, emphasis", () => {
    const typed = "<at id=all></at> <font color='red'>急</font> <link url='http://evil.example'>点</link> [点我](http://evil.example) **粗** _斜_ ~~删~~ `码`";
    const written = markdownText(typed);
    for (const markup of ["<at", "<font", "<link", "](", "**", "~~", "`"]) expect(written).not.toContain(markup);
    expect(decode(written)).toBe(typed);
  });

  it("keeps a typed line break from starting a heading or a list", () => {
    expect(markdownText("说明\n# 标题\n- 一项")).not.toMatch(/\n/);
    expect(decode(markdownText("说明\n# 标题"))).toBe("说明 # 标题");
  });

  it("cannot be decoded into markup by a typed character reference", () => {
    expect(markdownText("&#60;at id=all&#62;")).not.toContain("&#60;at");
    expect(decode(markdownText("&#60;at id=all&#62;"))).toBe("&#60;at id=all&#62;");
  });

  it("reads back as typed for any one-line text, and leaves Chinese text and digits alone", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }).filter((text) => !/[\r\n]/.test(text)), (text) => {
        const written = markdownText(text);
        expect(decode(written)).toBe(text);
        expect(written).not.toMatch(/[<>[\]*_~`]/);
      }),
      { numRuns: 300 },
    );
    expect(markdownText("受天气影响，开工12个")).toBe("受天气影响，开工12个");
  });
});
