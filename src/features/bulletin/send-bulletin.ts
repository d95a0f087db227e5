// Sending a bulletin version: its card and its two files (.docx, .xlsx) to one recipient — the admin's
// preview, or a leadership chat. Rendering and uploading are slow, so this runs in jobs, never inside
// a callback. Every message goes through the outbox under a key naming the version and the recipient,
// so a retried job or a second click sends nothing twice; files are uploaded only while some file
// message of the version is still unsent.
import { z } from "zod";
import { currentWorkspace, type BotDeps } from "../../bot/context.ts";
import type { JobContext } from "../../jobs/runner.ts";
import type { Recipient } from "../../platform/lark/messenger.ts";
import { findBulletin, type BulletinRecord } from "../../store/bulletin-repo.ts";
import { listChats } from "../../store/chat-repo.ts";
import { findOutbound } from "../../store/outbox-repo.ts";
import { type StoredWorkspace } from "../../store/workspace-repo.ts";
import { deliver } from "../../bot/deliver.ts";
import { bulletinCard, previewCard, type BulletinCardInput } from "./bulletin-cards.ts";
import { bulletinFiles } from "./bulletin-files.ts";

export const JOB_SEND_PREVIEW = "bulletin.send-preview";
export const JOB_PUBLISH = "bulletin.publish";

export const PURPOSE_PREVIEW = "bulletin-preview";
export const PURPOSE_BULLETIN = "bulletin";

export type SendDeps = Pick<BotDeps, "db" | "messenger" | "jobs" | "now" | "workspaceKey" | "snapshots" | "log">;

export function previewKey(bulletinId: string, openId: string): string {
  return `preview:${bulletinId}:${openId}`;
}

export function publicationKey(record: BulletinRecord, chatId: string): string {
  return `bulletin:${record.model.periodKey}:v${record.version}:${chatId}`;
}

export function cardInputOf(workspace: StoredWorkspace, record: BulletinRecord): BulletinCardInput {
  const curve = workspace.rules.behindSchedule.curve;
  return { bulletin: record.model, version: record.version, changes: record.changes, curve };
}

interface FileToSend {
  readonly suffix: "docx" | "xlsx";
  readonly name: string;
  /** §1.6: doc and xls name the old binary formats; .docx and .xlsx go as `stream`, "any other file". */
  readonly type: "stream";
}

function filesOf(record: BulletinRecord): FileToSend[] {
  const mark = record.changes ? "（更正）" : "";
  return [
    { suffix: "docx", name: `${record.model.header.title}${mark}.docx`, type: "stream" },
    { suffix: "xlsx", name: `${record.model.header.title}附件${mark}.xlsx`, type: "stream" },
  ];
}

/** Sends the card, then the files, to each recipient; keyPrefix(recipient) names the messages. */
async function sendVersion(
  deps: SendDeps,
  workspace: StoredWorkspace,
  record: BulletinRecord,
  purpose: string,
  recipients: readonly { to: Recipient; keyPrefix: string }[],
  card: Record<string, unknown>,
): Promise<void> {
  const common = { workspaceId: workspace.id, purpose, periodKey: record.model.periodKey, version: record.version };
  let uploaded: Map<string, string> | null = null;
  const upload = async (): Promise<Map<string, string>> => {
    if (uploaded) return uploaded;
    const rendered = await bulletinFiles(deps.db, workspace, record.model);
    const keys = new Map<string, string>();
    for (const file of filesOf(record)) {
      const data = rendered[`bulletin.${file.suffix}`];
      if (data === undefined) throw new Error(`bulletin.${file.suffix} was not rendered`);
      keys.set(file.suffix, await deps.messenger.uploadFile(file.name, Buffer.isBuffer(data) ? data : Buffer.from(data), file.type));
    }
    uploaded = keys;
    return keys;
  };
  for (const { to, keyPrefix } of recipients) {
    await deliver(deps, { ...common, key: `${keyPrefix}:card`, to, message: { msgType: "interactive", card } });
    for (const file of filesOf(record)) {
      const key = `${keyPrefix}:${file.suffix}`;
      if ((await findOutbound(deps.db, key))?.state === "sent") continue;
      const fileKey = (await upload()).get(file.suffix)!;
      await deliver(deps, { ...common, key, to, message: { msgType: "file", fileKey } });
    }
  }
}

const previewPayload = z.object({ bulletinId: z.string(), openId: z.string() });
const publishPayload = z.object({ bulletinId: z.string() });

async function loadRecord(deps: SendDeps, bulletinId: string): Promise<{ workspace: StoredWorkspace; record: BulletinRecord }> {
  const workspace = await currentWorkspace(deps);
  const record = await findBulletin(deps.db, bulletinId);
  if (!record) throw new Error(`bulletin ${bulletinId} not found`);
  return { workspace, record };
}

/** bulletin.send-preview: the preview card with its 发布 button and the files, to the admin who asked. */
export function sendPreviewJob(deps: SendDeps) {
  return async ({ job }: JobContext) => {
    const { bulletinId, openId } = previewPayload.parse(job.payload);
    const { workspace, record } = await loadRecord(deps, bulletinId);
    const card = previewCard(cardInputOf(workspace, record), { bulletinId: record.id, publishedText: null });
    await sendVersion(deps, workspace, record, PURPOSE_PREVIEW, [{ to: { type: "open_id", id: openId }, keyPrefix: previewKey(record.id, openId) }], card);
  };
}

/** bulletin.publish: the published version's card and files to every leadership chat. */
export function publishJob(deps: SendDeps) {
  return async ({ job, log }: JobContext) => {
    const { bulletinId } = publishPayload.parse(job.payload);
    const { workspace, record } = await loadRecord(deps, bulletinId);
    if (record.state !== "published") throw new Error(`bulletin ${bulletinId} is not published`);
    const chats = await listChats(deps.db, workspace.id, "leaders");
    if (chats.length === 0) log.warn("no leadership chat any more: the published bulletin was not posted");
    const card = bulletinCard(cardInputOf(workspace, record)) as unknown as Record<string, unknown>;
    await sendVersion(
      deps,
      workspace,
      record,
      PURPOSE_BULLETIN,
      chats.map((chat) => ({ to: { type: "chat_id" as const, id: chat.chatId }, keyPrefix: publicationKey(record, chat.chatId) })),
      card,
    );
  };
}
