// Administering the workspace from chat: 任务 (targets), 联系人/副手/领导 (people), 锁定/解锁 (periods),
// 设为领导群/设为工作群 (chats). The setup at start (import, binding people) and doctor live here too.
import type { Router } from "../../bot/router.ts";
import { registerTargetCommand } from "./target.ts";
import { registerContactCommands } from "./contact.ts";
import { registerLockCommands } from "./lock.ts";
import { registerChatRoleCommands } from "./chat-role.ts";

export function registerAdmin(router: Router): void {
  registerTargetCommand(router);
  registerContactCommands(router);
  registerLockCommands(router);
  registerChatRoleCommands(router);
}
