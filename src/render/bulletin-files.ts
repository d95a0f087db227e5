// The bulletin as the files an office keeps and the card the leaders see, all from the one model:
// bulletin.docx, bulletin.xlsx and card.json (the Feishu summary card).
import type { Bulletin } from "../domain/bulletin/types.ts";
import { renderSummaryCard } from "./card/summary-card.ts";
import { renderDocx } from "./docx/render-docx.ts";
import type { RawFigure } from "./xlsx/raw-figures.ts";
import { renderXlsx } from "./xlsx/render-xlsx.ts";

export interface BulletinFilesInput {
  readonly rawFigures: readonly RawFigure[];
  /** the workspace's schedule curve (rules.behindSchedule.curve), so the card colours as the findings judge */
  readonly curve?: readonly number[];
}

export async function renderBulletinFiles(bulletin: Bulletin, input: BulletinFilesInput): Promise<Record<"bulletin.docx" | "bulletin.xlsx" | "card.json", Buffer | string>> {
  const [docx, xlsx] = await Promise.all([renderDocx(bulletin), renderXlsx(bulletin, { rawFigures: input.rawFigures })]);
  const card = renderSummaryCard(bulletin, { curve: input.curve });
  return { "bulletin.docx": docx, "bulletin.xlsx": xlsx, "card.json": `${JSON.stringify(card, null, 2)}\n` };
}
