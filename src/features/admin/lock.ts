// 锁定 / 解锁 [2023-12]: lock a period (no more changes from the units) or unlock it for corrections.
// After an unlock, a changed bulletin goes out again as 更正 (通报, then 发布).
import type { Router } from "../../bot/router.ts";
import { setPeriodState } from "../../store/period-repo.ts";
import { latestPublishedBulletin } from "../../store/bulletin-repo.ts";
import { optionalPeriodArgs, parseArgs, periodLabelOf, resolvePeriod } from "../../bot/args.ts";

export function registerLockCommands(router: Router): void {
  const lockUsage = "锁定 [2023-12]";
  router.command({
    names: ["锁定", "lock"],
    audience: "admin",
    usage: lockUsage,
    summary: "锁定填报期，各单位不能再修改数据（不写月份时为当前填报期）",
    handler: async (ctx, args) => {
      const [key] = parseArgs(optionalPeriodArgs, args, lockUsage);
      const record = await resolvePeriod(ctx, key);
      const label = periodLabelOf(record);
      if (record.state === "locked") return ctx.reply(`${label}填报期已是锁定状态。`);
      await setPeriodState(ctx.deps.db, record.id, "locked", ctx.now);
      await ctx.reply(`已锁定${label}填报期（${record.key}），各单位不能再提交或修改数据。如需更正，可发送“解锁 ${record.key}”。`);
    },
  });

  const unlockUsage = "解锁 [2023-12]";
  router.command({
    names: ["解锁", "unlock"],
    audience: "admin",
    usage: unlockUsage,
    summary: "解锁填报期，允许各单位更正数据",
    handler: async (ctx, args) => {
      const [key] = parseArgs(optionalPeriodArgs, args, unlockUsage);
      const record = await resolvePeriod(ctx, key);
      const label = periodLabelOf(record);
      if (record.state === "open") return ctx.reply(`${label}填报期未锁定，各单位可以提交和修改数据。`);
      await setPeriodState(ctx.deps.db, record.id, "open", ctx.now);
      const published = await latestPublishedBulletin(ctx.deps.db, record.id);
      const next = published
        ? `${label}通报已发布第${published.version}版：数据更正后请发送“通报 ${record.key}”生成更正版预览，再“发布”，领导群将收到标明“更正”的新版本。`
        : "各单位可以通过填报卡片更正数据。";
      await ctx.reply(`已解锁${label}填报期（${record.key}）。${next}`);
    },
  });
}
