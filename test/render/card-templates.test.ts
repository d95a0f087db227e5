// Every card template in cards/: a button carries `name` only inside a form. The button page documents
// `name` (and form_action_type) for buttons in a form container only (src/platform/lark/README.md); a
// button outside one is told apart by its callback value, so a template that names one is a slip.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cards = fileURLToPath(new URL("../../cards", import.meta.url));

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? templates(path.join(dir, entry.name)) : entry.name.endsWith(".json") ? [path.join(dir, entry.name)] : []));
}

/** The JSON paths of buttons that carry `name` while not inside a form. */
function namedButtonsOutsideForms(node: unknown, at: string, inForm: boolean, found: string[]): string[] {
  if (Array.isArray(node)) node.forEach((item, i) => namedButtonsOutsideForms(item, `${at}[${i}]`, inForm, found));
  else if (node && typeof node === "object") {
    const element = node as Record<string, unknown>;
    if (element["tag"] === "button" && "name" in element && !inForm) found.push(at);
    const inside = inForm || element["tag"] === "form";
    for (const [key, value] of Object.entries(element)) namedButtonsOutsideForms(value, `${at}.${key}`, inside, found);
  }
  return found;
}

describe("card templates", () => {
  const files = templates(cards);

  it("are found", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it("name a button only inside a form", () => {
    const named = files.flatMap((file) => namedButtonsOutsideForms(JSON.parse(readFileSync(file, "utf8")), path.relative(cards, file), false, []));
    expect(named).toEqual([]);
  });

  it("would be caught naming one outside a form", () => {
    expect(namedButtonsOutsideForms({ body: { elements: [{ tag: "button", name: "publish" }] } }, "planted", false, [])).toEqual(["planted.body.elements[0]"]);
    expect(namedButtonsOutsideForms({ body: { elements: [{ tag: "form", elements: [{ tag: "button", name: "submit" }] }] } }, "planted", false, [])).toEqual([]);
  });
});
