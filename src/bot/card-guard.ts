// The checks every card callback passes before its handler runs, declared with its route
// (router.cardAction): the value has the action's shape, the card is one we sent for that purpose (and
// for the unit and period, or the version, the value names), and the person clicking may act on it.
// A forged, edited or replayed-elsewhere payload is refused here, naming nothing it should not.
import type { z } from "zod";
import { AppError } from "./errors.ts";
import type { CardContext, CardResponse } from "./context.ts";
import { findCardOrigin } from "../store/outbox-repo.ts";

/** A unit's card (form, receipt, 督办): the value names the unit and the period the card was sent for. */
export interface UnitCardValue {
  readonly unit: string;
  readonly period: string;
}

export type CardActionSpec<V> =
  | {
      /** an admin's card (the bulletin preview): the sent card's key must start with sentKey(value) */
      readonly audience: "admin";
      readonly purpose: string;
      readonly value: z.ZodType<V>;
      readonly sentKey: (value: V) => string;
      readonly handler: (ctx: CardContext, value: V) => Promise<CardResponse>;
    }
  | {
      /** a unit's card: its contact (or deputy) may act, and with "contact-or-admin" an admin too */
      readonly audience: "contact" | "contact-or-admin";
      readonly purpose: string;
      readonly value: z.ZodType<V & UnitCardValue>;
      readonly handler: (ctx: CardContext, value: V & UnitCardValue) => Promise<CardResponse>;
    };

/** Runs the declared checks, then the handler with the parsed value. */
export async function guardedCall<V>(spec: CardActionSpec<V>, ctx: CardContext): Promise<CardResponse> {
  if (spec.audience === "admin" && !ctx.actor.isAdmin) throw new AppError("NOT_ADMIN");
  const parsed = spec.value.safeParse(ctx.event.value);
  if (!parsed.success) throw new AppError("CARD_FORGED");
  const value = parsed.data;
  const sent = await findCardOrigin(ctx.deps.db, ctx.event.messageId);
  if (!sent || sent.workspaceId !== ctx.workspace.id || sent.purpose !== spec.purpose) throw new AppError("CARD_FORGED");
  if (spec.audience === "admin") {
    if (!sent.key.startsWith(spec.sentKey(value))) throw new AppError("CARD_FORGED");
    return spec.handler(ctx, value);
  }
  const unitValue = value as V & UnitCardValue;
  if (sent.unitId !== unitValue.unit || sent.periodKey !== unitValue.period) throw new AppError("CARD_FORGED");
  const reports = ctx.actor.reportsFor.some((unit) => unit.unitId === unitValue.unit);
  if (!reports && !(spec.audience === "contact-or-admin" && ctx.actor.isAdmin)) throw new AppError("NOT_UNIT_CONTACT", unitName(ctx, unitValue.unit));
  return spec.handler(ctx, unitValue);
}

function unitName(ctx: CardContext, unitId: string): string {
  for (const [name, id] of ctx.workspace.unitIds) if (id === unitId) return name;
  return "";
}
