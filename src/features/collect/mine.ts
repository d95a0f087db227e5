// 我的 / mine: a contact asks for their unit's card again (lost it, or a new phone). Always sent to the
// contact privately, even when asked in a group.
import { isGroupChat } from "../../bot/events.ts";
import { AppError } from "../../bot/errors.ts";
import type { MessageContext } from "../../bot/context.ts";
import { findCurrentPeriod } from "../../store/period-repo.ts";
import { deliver } from "../../bot/deliver.ts";
import { PURPOSE_FORM, buildFormCard } from "./form-card.ts";
import { formInput } from "./submit-figures.ts";
import { loadUnitForm } from "./unit-form.ts";

export async function sendMine(ctx: MessageContext): Promise<void> {
  if (ctx.actor.reportsFor.length === 0) throw new AppError("NOT_UNIT_CONTACT", "");
  const record = await findCurrentPeriod(ctx.deps.db, ctx.workspace.id);
  if (!record) throw new AppError("PERIOD_NOT_OPEN", "当前没有开放的填报期，开放后机器人会自动发送填报卡片。");
  for (const unit of ctx.actor.reportsFor) {
    const form = await loadUnitForm(ctx.deps.db, ctx.snapshot, record, unit.unitId);
    await deliver(ctx.deps, {
      workspaceId: ctx.workspace.id,
      key: `form:${ctx.workspace.id}:${record.key}:${unit.unitId}:mine:${ctx.event.messageId}`,
      purpose: PURPOSE_FORM,
      to: { type: "open_id", id: ctx.actor.openId },
      message: { msgType: "interactive", card: buildFormCard(formInput(form, record, ctx.workspace.model.timezone)) },
      periodKey: record.key,
      unitId: unit.unitId,
    });
  }
  if (isGroupChat(ctx.event.chatType)) await ctx.reply("已将填报卡片私信发送给您。");
}
