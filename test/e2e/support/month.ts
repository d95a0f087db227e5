// Helpers for the month-cycle end-to-end tests: reading what people see in the stand-in, filling a
// unit's form card as its contact would, and reading the bulletin files back.
import ExcelJS from "exceljs";
import { expect } from "vitest";
import { contactOf, type Harness } from "../../support/bot-harness.ts";
import { importFiguresText } from "../../support/import-text.ts";
import { loadWorkspace } from "../../../src/store/workspace-repo.ts";
import type { RecordedMessage } from "../../../src/sandbox/index.ts";

/** The Zhangye 2023-12 figures (test/fixtures/zhangye/figures.csv), per unit. */
export const ZHANGYE_FIGURES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  甘州区: { lgxq_xiaoqu: "30", lgxq_hu: "3032", lgxq_touzi: "6500", zlbt_hu: "1078", zlbt_jine: "150", zj_daowei: "2021", zj_zhichu: "1092.28" },
  临泽县: { lgxq_xiaoqu: "8", lgxq_hu: "2859", lgxq_touzi: "8000", zlbt_hu: "262", zlbt_jine: "60", zj_daowei: "1768", zj_zhichu: "1255" },
  高台县: { lgxq_xiaoqu: "9", lgxq_hu: "2093", lgxq_touzi: "2000", pg_kaigong: "62", pg_touzi: "300", zlbt_hu: "294", zlbt_jine: "70", zj_daowei: "7494", zj_zhichu: "3926" },
  山丹县: { lgxq_xiaoqu: "24", lgxq_hu: "1239", lgxq_touzi: "7230", bzf_kaigong: "531", bzf_touzi: "6629", pg_kaigong: "1330", pg_touzi: "31200", zlbt_hu: "608", zlbt_jine: "100", zj_daowei: "13459", zj_zhichu: "8338" },
  民乐县: { bzf_kaigong: "247", bzf_touzi: "1235", zlbt_hu: "220", zlbt_jine: "40", zj_daowei: "720", zj_zhichu: "528.32" },
  肃南县: { zlbt_hu: "70", zlbt_jine: "3.5", zj_daowei: "18", zj_zhichu: "9.9" },
};

/** What the bot sent the user privately (not what the user typed). */
export function p2p(h: Harness, user: string, msgType?: string): readonly RecordedMessage[] {
  return h.platform.messages({ p2p: user }).filter((message) => message.sender.type === "app" && (msgType === undefined || message.msgType === msgType));
}

export function inChat(h: Harness, chat: string, msgType?: string): readonly RecordedMessage[] {
  return h.platform.messages(chat).filter((message) => message.sender.type === "app" && (msgType === undefined || message.msgType === msgType));
}

export function textOf(message: RecordedMessage | undefined): string {
  if (!message) return "";
  return (JSON.parse(message.content) as { text?: string }).text ?? message.content;
}

/** Text the bot last sent to the user privately. */
export function lastText(h: Harness, user: string): string {
  return textOf(p2p(h, user, "text").at(-1));
}

export function lastGroupText(h: Harness, chat: string): string {
  return textOf(inChat(h, chat, "text").at(-1));
}

export function cardText(h: Harness, messageId: string): string {
  return JSON.stringify(h.platform.card(messageId));
}

/** The names of a card's input fields (the indicators the unit reports, and remarks). */
export function inputNames(card: unknown): string[] {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (record.tag === "input" && typeof record.name === "string") names.push(record.name);
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return names;
}

/** The unit's figures for exactly the fields its card shows, with overrides (as typed). */
export function formValues(h: Harness, messageId: string, unit: string, overrides: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of inputNames(h.platform.card(messageId))) {
    if (name === "remarks" || name.startsWith("explain__")) continue;
    values[name] = overrides[name] ?? ZHANGYE_FIGURES[unit]?.[name] ?? "0";
  }
  return { ...values, ...overrides };
}

/** Each unit's contact submits the latest card it got, filled with its figures (and its overrides). */
export async function submitUnits(h: Harness, units: readonly string[], overrides: (unit: string) => Record<string, string> = () => ({})): Promise<void> {
  for (const unit of units) {
    const card = p2p(h, contactOf(unit), "interactive").at(-1)!;
    expect((await h.platform.submitForm(contactOf(unit), card.messageId, formValues(h, card.messageId, unit, overrides(unit)))).ok, unit).toBe(true);
  }
}

/** A figures file (CSV text) imported into the harness's Zhangye workspace, as the office imports one. */
export async function importFigures(h: Harness, csv: string): Promise<void> {
  await importFiguresText(h.database.db, await loadWorkspace(h.database.db, "zhangye"), csv);
}

/** The file a file message carries, from the stand-in's store. */
export function fileOf(h: Harness, message: RecordedMessage): { name: string; bytes: Buffer; fileType: string } {
  const { file_key: key } = JSON.parse(message.content) as { file_key: string };
  const file = h.platform.file(key);
  if (!file) throw new Error(`no file ${key}`);
  return { name: file.fileName, bytes: file.bytes, fileType: file.type };
}

export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Every button value on a card. */
export function buttonValues(card: unknown): Record<string, unknown>[] {
  const values: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (record.tag === "button" && Array.isArray(record.behaviors)) {
        for (const behavior of record.behaviors as { type?: string; value?: Record<string, unknown> }[]) if (behavior.type === "callback" && behavior.value) values.push(behavior.value);
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return values;
}
