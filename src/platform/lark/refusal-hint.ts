// What to change when the platform refuses a call, in Chinese, naming the console page and setting:
// doctor prints it for each check, and the bot says it at start and in the admins' job-failure alerts.
import { PlatformError } from "./messenger.ts";

export function refusalHint(error: unknown): string {
  if (!(error instanceof PlatformError)) return `无法连接开放平台：${(error as Error).message}。请检查网络与 FEISHU_DOMAIN。`;
  switch (error.code) {
    case 10003:
    case 10014:
    case 99991663:
    case 99991664:
      return `应用凭证无效（${error.code}）：请核对 FEISHU_APP_ID、FEISHU_APP_SECRET（开发者后台 → 凭证与基础信息）。`;
    case 99991672:
    case 230027:
      return `缺少权限（${error.code}：${error.message}）：请在开发者后台 → 权限管理开通所列权限，并创建版本、发布。`;
    case 230006:
      return "应用未启用机器人能力（230006）：请在开发者后台 → 添加应用能力 → 机器人 启用，并发布版本。";
    case 230013:
      return "对方不在应用的可用范围内（230013）：请在开发者后台 → 版本管理与发布 → 可用范围 中加入所有填报员、领导和管理员，并发布版本。";
    default:
      return `开放平台返回 ${error.code}：${error.message}`;
  }
}
