// Card templates live as JSON in cards/ so the layout can be read and tweaked without reading code.
// A string that is exactly "{{name}}" is replaced by the value itself (a number, an array, an object);
// "{{name}}" inside a longer string is replaced by the value's text. Every placeholder must get a value
// and every value must be used, so a template and its builder cannot drift apart silently. Inside an
// array, a whole "{{name}}" given an array is spliced in, so a template can hold a list of elements.
import { readFileSync } from "node:fs";

const CARDS_DIR = new URL("../../../cards/", import.meta.url);
const WHOLE = /^\{\{(\w+)\}\}$/;
const INLINE = /\{\{(\w+)\}\}/g;

type TemplateValue = string | number | boolean | null | readonly unknown[] | object;

export type CardTemplate<Values extends Record<string, TemplateValue>> = (values: Values) => unknown;

/** Loads cards/<path> once and returns its filler. */
export function cardTemplate<Values extends Record<string, TemplateValue>>(path: string): CardTemplate<Values> {
  const template: unknown = JSON.parse(readFileSync(new URL(path, CARDS_DIR), "utf8"));
  return (values) => fillTemplate(template, values, path);
}

export function fillTemplate(template: unknown, values: Record<string, TemplateValue>, name = "template"): unknown {
  const used = new Set<string>();
  const valueOf = (key: string): TemplateValue => {
    if (!Object.hasOwn(values, key)) throw new Error(`${name}: no value for {{${key}}}`);
    used.add(key);
    return values[key]!;
  };
  // Every card a contact touches is filled here (a form, a receipt), so the walk stays plain: text
  // without "{{" is left alone, and objects are copied key by key.
  const fill = (node: unknown): unknown => {
    if (typeof node === "string") {
      if (!node.includes("{{")) return node;
      const whole = WHOLE.exec(node);
      if (whole) return valueOf(whole[1]!);
      return node.replace(INLINE, (_, key: string) => {
        const value = valueOf(key);
        if (typeof value !== "string" && typeof value !== "number") throw new Error(`${name}: {{${key}}} inside text needs a string or number`);
        return String(value);
      });
    }
    if (Array.isArray(node)) {
      const filled: unknown[] = [];
      for (const item of node) {
        const value = fill(item);
        // Inside an array, a whole "{{name}}" whose value is an array is spliced in (a list of elements).
        if (typeof item === "string" && Array.isArray(value) && WHOLE.test(item)) filled.push(...(value as unknown[]));
        else filled.push(value);
      }
      return filled;
    }
    if (typeof node === "object" && node !== null) {
      const filled: Record<string, unknown> = {};
      for (const key of Object.keys(node)) filled[key] = fill((node as Record<string, unknown>)[key]);
      return filled;
    }
    return node;
  };
  const filled = fill(template);
  const unused = Object.keys(values).filter((key) => !used.has(key));
  if (unused.length > 0) throw new Error(`${name}: values not used by the template: ${unused.join(", ")}`);
  return filled;
}
