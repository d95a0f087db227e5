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
