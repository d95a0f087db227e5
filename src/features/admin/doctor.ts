// npm run cli -- doctor: checks a configured Feishu app end to end, as far as the open API can tell,
// and says in Chinese what is missing and where to set it. Every check runs whatever the one before
// it found, so one run lists every problem.
import { refusalHint } from "../../platform/lark/refusal-hint.ts";
import type { FoundUser, Messenger } from "../../platform/lark/messenger.ts";

export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** not checked by the API: the operator is asked to look, and the report marks it ○, not ✓ */
  readonly byHand?: true;
}

export interface DoctorPerson {
  readonly name: string;
  readonly mobile: string | null;
  readonly email: string | null;
}

/** What to do about a platform refusal (§6.4), by its code. */
export async function runDoctor(messenger: Messenger, admins: readonly DoctorPerson[], now: Date): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  try {
    const bot = await messenger.botInfo();
    checks.push({ name: "应用凭证与机器人能力", ok: true, detail: `机器人 ${bot.name || "（未命名）"}，open_id ${bot.openId}` });
  } catch (error) {
    checks.push({ name: "应用凭证与机器人能力", ok: false, detail: refusalHint(error) });
  }

  let found: FoundUser[] = [];
  const mobiles = admins.flatMap((admin) => (admin.mobile ? [admin.mobile] : []));
  const emails = admins.flatMap((admin) => (admin.email ? [admin.email] : []));
  if (mobiles.length + emails.length === 0) {
    checks.push({ name: "按手机号或邮箱查找管理员", ok: false, detail: "工作区里没有填写手机号或邮箱的管理员：请在工作区文件 admins 中填写。" });
  } else {
    try {
      found = await messenger.findUsers({ mobiles, emails });
      const missing = admins.length - found.length;
      checks.push({
        name: "按手机号或邮箱查找管理员",
        ok: found.length > 0,
        detail: found.length > 0 ? `找到 ${found.length} 位${missing > 0 ? `，另有 ${missing} 位未找到（号码有误或不在可用范围内）` : ""}` : "一位也没有找到：请核对手机号或邮箱，并确认他们在应用的可用范围内。",
      });
    } catch (error) {
      checks.push({ name: "按手机号或邮箱查找管理员", ok: false, detail: refusalHint(error) });
    }
  }

  const first = found[0];
  if (first) {
    try {
      await messenger.send({ type: "open_id", id: first.openId }, { msgType: "text", text: "【配置检查】保障房月报机器人可以向您发送消息。这条消息由 doctor 命令发送，无需回复。" }, `doctor-${now.toISOString().slice(0, 16)}`);
      checks.push({ name: "向第一位管理员发送测试消息", ok: true, detail: "已发送，请在飞书中确认收到。" });
    } catch (error) {
      checks.push({ name: "向第一位管理员发送测试消息", ok: false, detail: refusalHint(error) });
    }
  } else {
    checks.push({ name: "向第一位管理员发送测试消息", ok: false, detail: "没有找到可以发送的管理员，未发送。" });
  }
  // The open API cannot say which events and callbacks are subscribed: the operator is asked to look.
  checks.push({
    name: "事件与回调",
    ok: true,
    byHand: true,
    detail: "请在开发者后台 → 事件与回调 确认：已订阅事件“接收消息 im.message.receive_v1”，回调“卡片回传交互 card.action.trigger”，订阅方式与 FEISHU_EVENT_MODE 一致（事件和回调各自设置）。",
  });
  return checks;
}

export function doctorReport(checks: readonly DoctorCheck[]): string {
  const lines = checks.map((check) => `${check.byHand ? "○" : check.ok ? "✓" : "✗"} ${check.name}：${check.detail}`);
  const failed = checks.filter((check) => !check.ok).length;
  const byHand = checks.filter((check) => check.byHand).length;
  const passed = byHand > 0 ? `可自动检查的项目均已通过；标 ○ 的 ${byHand} 项请按提示人工确认。` : "配置检查通过。";
  return `${lines.join("\n")}\n${failed === 0 ? passed : `${failed} 项未通过，请按提示处理后再运行 doctor。`}\n`;
}
