import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PERSON_NAME_MAX, plainPersonName, textMention } from "../../src/domain/person-name.ts";

describe("a person's name from the platform", () => {
  it("cannot close the <at> tag and @everyone in a text message (bug: a contact named …</at><at user_id=\"all\"> did)", () => {
    const tag = textMention("ou_1", '张三</at><at user_id="all">');
    expect(tag).toBe('<at user_id="ou_1">张三/atat user_id=all</at>');
    expect(tag.match(/<at /g)).toHaveLength(1);
  });

  it("drops bidi overrides, zero-width characters and line breaks, and is capped", () => {
    expect(plainPersonName("\u202e张\u200b三\n")).toBe("张三");
    expect([...plainPersonName("李".repeat(100))]).toHaveLength(PERSON_NAME_MAX);
  });

  it("never leaves markup in any name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (name) => {
        const tag = textMention("ou_1", name);
        expect(tag.slice('<at user_id="ou_1">'.length, -"</at>".length)).not.toMatch(/[<>"&\n\u202e\u200b]/);
      }),
    );
  });
});
