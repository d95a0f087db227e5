import { createHash, randomBytes } from "node:crypto";

// Id shapes follow the prefixes listed in src/platform/lark/README.md: `ou_` open_id, `on_` union_id,
// `oc_` chat, `om_` message, `omt_` thread, `t-` tenant token, `c-` card-callback token.

/** Stable ids derived from a seed, so a directory loaded twice gets the same open_ids. */
export function stableId(prefix: string, seed: string, length = 32): string {
  return prefix + createHash("sha256").update(seed).digest("hex").slice(0, length);
}

export function randomId(prefix: string, length = 32): string {
  return prefix + randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length);
}

export const newMessageId = () => randomId("om_");
export const newThreadId = () => randomId("omt_");
export const newChatId = () => randomId("oc_");
export const newTenantToken = () => randomId("t-", 40);
export const newCallbackToken = () => randomId("c-", 40);
export const newEventId = () => randomId("", 32);
export const newFileKey = () => `file_v3_${randomId("", 12)}_${randomId("", 24)}`;
export const newImageKey = () => `img_v3_${randomId("", 12)}_${randomId("", 24)}`;
export const newLogId = () => `${Date.now()}${randomId("", 16)}`.toUpperCase();
