// The groups the bot serves: the work group (工作群) and the leadership groups (领导群).
import type { Db } from "../platform/db/client.ts";

export type ChatRole = "work" | "leaders";

export interface WorkspaceChatRecord {
  readonly chatId: string;
  readonly role: ChatRole;
  readonly name: string | null;
}

/** Records the chat in its role; a chat has one role (setting it again moves it). */
export async function bindChat(db: Db, workspaceId: string, role: ChatRole, chatId: string, name: string | null): Promise<void> {
  await db.workspaceChat.upsert({
    where: { workspaceId_chatId: { workspaceId, chatId } },
    create: { workspaceId, role, chatId, name },
    update: { role, name },
  });
}

export async function listChats(db: Db, workspaceId: string, role?: ChatRole): Promise<WorkspaceChatRecord[]> {
  const rows = await db.workspaceChat.findMany({ where: { workspaceId, ...(role ? { role } : {}) }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ chatId: row.chatId, role: row.role as ChatRole, name: row.name }));
}

/** bindChat with the arguments in the order the commands use; returns the role the chat had before. */
export async function setChatRole(db: Db, workspaceId: string, chatId: string, role: ChatRole, name: string | null): Promise<ChatRole | null> {
  const existing = await db.workspaceChat.findUnique({ where: { workspaceId_chatId: { workspaceId, chatId } } });
  await bindChat(db, workspaceId, role, chatId, name ?? existing?.name ?? null);
  return existing ? (existing.role as ChatRole) : null;
}
