// A long title in lines: between words, never inside a number, the period or a kept phrase, the
// shorter lines on top or around a longest middle one, each within the line.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { textCells, titleLines } from "../../src/render/title-lines.ts";

const KEEP = ["张掖市城镇老旧小区改造工作领导小组办公室", "工作领导小组办公室", "领导小组办公室", "保障性安居工程", "进展情况"];

describe("titleLines", () => {
  it("leaves a title that fits on one line", () => {
    expect(titleLines("关于全市保障性安居工程的通报", 19)).toEqual(["关于全市保障性安居工程的通报"]);
  });

  it("breaks the way an officer would, where the old layout broke 进/展 and 公/租房", () => {
    expect(titleLines("关于2023年1--12月全市保障性安居工程进展情况的通报", 19, KEEP)).toEqual(["关于2023年1--12月全市", "保障性安居工程进展情况的通报"]);
    expect(titleLines("关于2024年1-10月全省保障性安居工程进展情况的通报", 19, KEEP)).toEqual(["关于2024年1-10月全省", "保障性安居工程进展情况的通报"]);
    expect(titleLines("张掖市城镇老旧小区改造工作领导小组办公室关于2023年1--12月全市保障性安居工程进展情况的通报", 19, KEEP)).toEqual([
      "张掖市城镇老旧小区改造",
      "工作领导小组办公室关于2023年1--12月",
      "全市保障性安居工程进展情况的通报",
    ]);
    // an 附件 title in 小二 on a portrait page
    expect(titleLines("2023年1--12月全市公租房和保障性租赁住房建设进展情况", 23, ["进展情况"])).toEqual(["2023年1--12月全市公租房和", "保障性租赁住房建设进展情况"]);
  });

  it("keeps every character, in order, each line within the width (property)", () => {
    const words = ["全市", "全省", "保障性安居工程", "进展情况", "的通报", "城镇老旧小区改造", "棚户区改造", "和", "、", "公租房", "关于", "2023年", "1--12月", "工作领导小组办公室"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 14 }), fc.integer({ min: 10, max: 24 }), (parts, width) => {
        const text = parts.join("");
        const lines = titleLines(text, width, KEEP);
        expect(lines.join("")).toBe(text);
        for (const line of lines) expect(textCells(line)).toBeLessThanOrEqual(width);
      }),
    );
  });

  it("breaks a bulletin's title never inside the office, the subject, the period or 的通报 (property)", () => {
    const offices = ["", "张掖市城镇老旧小区改造工作领导小组办公室", "吉林省保障性安居工程领导小组办公室", "吕梁市住房和城乡建设局", "某某自治州住房保障和房屋征收管理办公室"];
    const subjects = ["保障性安居工程", "城镇保障性安居工程", "保障性租赁住房、公租房保障、城镇棚户区改造及房屋征收工作"];
    fc.assert(
      fc.property(fc.constantFrom(...offices), fc.constantFrom(...subjects), fc.integer({ min: 1, max: 12 }), fc.constantFrom("--", "-", "至"), fc.constantFrom("全市", "全省", "全州"), (office, subject, month, dash, scope) => {
        const period = month === 1 ? "1月" : `1${dash}${month}月`;
        const title = `${office}关于2023年${period}${scope}${subject}进展情况的通报`;
        const keep = [office, "工作领导小组办公室", "领导小组办公室", subject, "进展情况"];
        const lines = titleLines(title, 19, keep);
        expect(lines.join("")).toBe(title);
        let at = 0;
        for (const line of lines.slice(0, -1)) {
          at += line.length;
          const around = `${title.slice(0, at)}|${title.slice(at)}`;
          for (const whole of [...keep.filter((phrase) => phrase !== "" && textCells(phrase) <= 18), `2023年${period}`, "的通报", scope]) {
            const i = title.indexOf(whole);
            expect(at > i && at < i + whole.length, `${around} splits ${whole}`).toBe(false);
          }
        }
      }),
    );
  });
});
