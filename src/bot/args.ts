// Command arguments, parsed with zod: each command declares its arguments as a tuple of text or mention
// arguments, and a message that does not fit gets the reason (where there is one) and the usage.
import { z } from "zod";
import { AppError } from "./errors.ts";
import type { CommandArg } from "./router.ts";
import type { MessageContext } from "./context.ts";
import { parsePeriod, periodKeySchema, periodName, typedPeriodKey } from "../domain/period.ts";
import { findCurrentPeriod, findLatestPeriod, findPeriod, type PeriodRecord } from "../store/period-repo.ts";
import { addDays } from "../domain/schedule.ts";
import { isoDateIn } from "../platform/time.ts";

/** A word of the message (not a mention), checked by `schema`. */
export function textArg<S extends z.ZodType<string, string>>(schema: S) {
  return z.object({ kind: z.literal("text"), text: schema }).transform((arg) => (arg as { text: z.output<S> }).text);
}

export const anyText = textArg(z.string());
export const periodArg = textArg(z.string().transform(typedPeriodKey).pipe(periodKeySchema));

/** An @mention of someone in the directory (the platform gives their open_id). */
export const mentionArg = z
  .object({ kind: z.literal("mention"), mention: z.object({ key: z.string(), openId: z.string().nullable(), name: z.string() }) })
  .transform((arg) => arg.mention);

/** Parses the arguments; anything that does not fit is refused with the command's usage. */
export function parseArgs<S extends z.ZodType>(schema: S, args: readonly CommandArg[], usage: string): z.output<S> {
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  // Own messages (a bad period, a refinement) are worth showing; zod's shape complaints are not.
  const issue = result.error.issues.find((candidate) => candidate.code === "custom" || candidate.code === "invalid_format");
  throw new AppError("BAD_ARGUMENT", `${issue ? `${issue.message}。` : "指令格式不对。"}用法：${usage}`);
}

/** The period a command names, or the open one, or the latest. */
export async function resolvePeriod(ctx: MessageContext, key: string | undefined): Promise<PeriodRecord> {
  const { db } = ctx.deps;
  if (key) {
    const period = parsePeriod(key);
    const record = await findPeriod(db, ctx.workspace.id, period);
    if (!record) throw new AppError("PERIOD_NOT_FOUND", periodName(period));
    return record;
  }
  const record = (await findCurrentPeriod(db, ctx.workspace.id)) ?? (await findLatestPeriod(db, ctx.workspace.id));
  if (!record) throw new AppError("PERIOD_NOT_OPEN", "还没有任何填报期，请先发送“开始填报 2023-12”开放填报期。");
  return record;
}

export function periodLabelOf(record: PeriodRecord): string {
  return periodName(record.period);
}

/** The schema of a command that takes an optional period: 进度 [2023-12]. */
export const optionalPeriodArgs = z.tuple([periodArg.optional()]);

/**
 * An example 截止 command an admin can send as it stands: three days on at 18:00. A fixed date in a
 * hint goes stale, and the 截止 command refuses a date already past.
 */
export function exampleDeadlineCommand(now: Date, timezone: string): string {
  return `截止 ${addDays(isoDateIn(now, timezone), 3)} 18:00`;
}
