// What a handler gets for one event (grammY's Context, bolt's say/respond): the event, who sent it,
// the workspace, the time, a child logger, `reply`, and the dependencies. Handlers never build clients.
import type { Logger } from "../platform/logger.ts";
import type { Db } from "../platform/db/client.ts";
import type { Messenger, OutgoingMessage } from "../platform/lark/messenger.ts";
import type { StoredWorkspace } from "../store/workspace-repo.ts";
import type { Actor } from "../store/people-repo.ts";
import type { WorkspaceSnapshot, WorkspaceSnapshots } from "../store/workspace-snapshot.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { CardActionEvent, MessageEvent } from "./events.ts";

export interface BotDeps {
  readonly db: Db;
  readonly messenger: Messenger;
  readonly jobs: JobQueue;
  readonly log: Logger;
  readonly now: () => Date;
  readonly workspaceKey: string;
  /** the workspace's configuration, kept while unchanged (created by the composition root) */
  readonly snapshots: WorkspaceSnapshots;
  readonly appId: string;
  /** The bot's own open_id (learnBotOpenId), or null where the platform would not say. */
  readonly botOpenId: string | null;
}

interface BaseContext {
  readonly deps: BotDeps;
  readonly workspace: StoredWorkspace;
  /** the workspace's people, periods and targets as of this event (the workspace is its .workspace) */
  readonly snapshot: WorkspaceSnapshot;
  readonly actor: Actor;
  readonly now: Date;
  readonly log: Logger;
}

export interface MessageContext extends BaseContext {
  readonly event: MessageEvent;
  /** Answers in the chat the message came from. */
  reply(message: OutgoingMessage | string): Promise<void>;
}

export interface CardContext extends BaseContext {
  readonly event: CardActionEvent;
}

/** The answer to a card callback: a toast and/or the card that replaces the clicked one (§3.2). */
export interface CardResponse {
  readonly toast?: { readonly type: "success" | "error" | "info" | "warning"; readonly content: string };
  readonly card?: { readonly type: "raw"; readonly data: Record<string, unknown> };
}

export function toast(type: NonNullable<CardResponse["toast"]>["type"], content: string): CardResponse {
  return { toast: { type, content } };
}

/** The bot's workspace as it stands now, for jobs (handlers have ctx.workspace). */
export async function currentWorkspace(deps: Pick<BotDeps, "snapshots" | "workspaceKey">): Promise<StoredWorkspace> {
  return (await deps.snapshots.load(deps.workspaceKey)).workspace;
}
