// What a user can do on a card: which buttons it has, which forms and fields. The stand-in only lets
// a simulated user click what is really there, so a bot test that clicks a button the card lacks
// fails at once instead of passing against an imaginary card.
import { valueFieldTags } from "./card-schema.ts";

export interface CardButton {
  readonly name?: string;
  /** The callback value: `behaviors[{type:"callback"}].value`, or the legacy `value` (§2.4 button). */
  readonly value?: Record<string, unknown>;
  readonly isSubmit: boolean;
  readonly form?: CardForm;
}

export interface CardField {
  readonly name: string;
  readonly tag: string;
  readonly required: boolean;
  /** what the field holds before the user touches it (an input's default_value, a select's initial_option) */
  readonly initial?: string;
}

export interface CardForm {
  readonly name: string;
  readonly fields: CardField[];
  readonly buttons: CardButton[];
}


export interface CardControls {
  readonly buttons: CardButton[];
  readonly forms: CardForm[];
}

/** Walks a 1.0 or 2.0 card and lists its buttons and forms. */
export function controlsOf(card: unknown): CardControls {
  const buttons: CardButton[] = [];
  const forms: CardForm[] = [];
  const walk = (node: unknown, form: CardForm | undefined): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, form);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    const tag = record["tag"];
    if (tag === "form") {
      const inner: CardForm = { name: String(record["name"] ?? ""), fields: [], buttons: [] };
      forms.push(inner);
      walk(record["elements"], inner);
      return;
    }
    if (tag === "button") {
      const button: CardButton = {
        ...(typeof record["name"] === "string" ? { name: record["name"] } : {}),
        ...callbackValueOf(record),
        isSubmit: record["form_action_type"] === "submit" || record["action_type"] === "form_submit",
        ...(form ? { form } : {}),
      };
      buttons.push(button);
      form?.buttons.push(button);
      return;
    }
    if (typeof tag === "string" && valueFieldTags.has(tag) && form && typeof record["name"] === "string") {
      const initial = typeof record["default_value"] === "string" ? record["default_value"] : typeof record["initial_option"] === "string" ? record["initial_option"] : undefined;
      form.fields.push({ name: record["name"], tag, required: record["required"] === true, ...(initial === undefined ? {} : { initial }) });
      return;
    }
    for (const value of Object.values(record)) walk(value, form);
  };
  walk(card, undefined);
  return { buttons, forms };
}

function callbackValueOf(button: Record<string, unknown>): { value?: Record<string, unknown> } {
  const behaviors = Array.isArray(button["behaviors"]) ? (button["behaviors"] as Record<string, unknown>[]) : [];
  const callback = behaviors.find((b) => b["type"] === "callback")?.["value"] ?? button["value"];
  return typeof callback === "object" && callback !== null ? { value: callback as Record<string, unknown> } : {};
}
