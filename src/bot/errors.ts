// Typed errors with codes; one table maps each to the Chinese sentence a user reads and a log level.
// Anything else is a bug: logged with the event id, and the user gets a polite generic message.

export type ErrorCode =
  | "NOT_ADMIN"
  | "NOT_UNIT_CONTACT"
  | "NOT_REGISTERED"
  | "PERIOD_LOCKED"
  | "PERIOD_NOT_OPEN"
  | "PERIOD_NOT_FOUND"
  | "CARD_STALE"
  | "CARD_FORGED"
  | "UNIT_NOT_FOUND"
  | "INDICATOR_NOT_FOUND"
  | "NO_BULLETIN"
  | "NO_LEADER_CHAT"
  | "BULLETIN_OUTDATED"
  | "TOTALS_CONTRADICTED"
  | "BAD_ARGUMENT";

interface ErrorInfo {
  readonly message: (detail: string) => string;
  readonly level: "info" | "warn";
}

const ERRORS: Readonly<Record<ErrorCode, ErrorInfo>> = {
  NOT_ADMIN: { level: "info", message: () => "抱歉，该指令仅限管理员使用。如需帮助，请联系市级住房保障办。" },
  NOT_UNIT_CONTACT: { level: "warn", message: (unit) => `抱歉，您不是${unit || "该单位"}的填报员，不能提交或修改该单位的数据。` },
  NOT_REGISTERED: { level: "info", message: () => "抱歉，您还不是本工作区的填报员或管理员。如需开通，请联系管理员绑定联系人。" },
  PERIOD_LOCKED: { level: "info", message: (period) => `${period}填报期已锁定，不能再修改数据；如需更正，请联系管理员解锁。` },
  PERIOD_NOT_OPEN: { level: "info", message: (detail) => detail || "当前没有开放的填报期。" },
  PERIOD_NOT_FOUND: { level: "info", message: (period) => `没有找到${period}填报期。` },
  CARD_STALE: { level: "info", message: (detail) => detail || "这张卡片已过期，请发送“我的”获取最新的填报卡片。" },
  CARD_FORGED: { level: "warn", message: () => "卡片信息与您的身份不符，已拒绝，数据未作任何修改。" },
  UNIT_NOT_FOUND: { level: "info", message: (name) => `没有找到单位“${name}”，请检查名称。` },
  INDICATOR_NOT_FOUND: { level: "info", message: (name) => `没有找到指标“${name}”，请检查名称或 id。` },
  NO_BULLETIN: { level: "info", message: (detail) => detail || "还没有生成通报，请先发送“通报”生成预览。" },
  NO_LEADER_CHAT: { level: "info", message: () => "还没有设置领导群：请把机器人拉进领导群，在群里 @机器人 发送“设为领导群”。" },
  BULLETIN_OUTDATED: { level: "info", message: (detail) => `预览生成后数据又有变化${detail ? `（${detail}）` : ""}，请重新发送“通报”生成预览，核对后再发布。` },
  TOTALS_CONTRADICTED: { level: "info", message: (detail) => `合计数与各单位数据不一致（${detail}），暂不能发布。请核对合计数后重新导入数据文件，或请有关单位更正数据后重新发送“通报”。` },
  BAD_ARGUMENT: { level: "info", message: (detail) => detail },
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail = "",
  ) {
    super(ERRORS[code].message(detail));
    this.name = "AppError";
  }

  get level(): "info" | "warn" {
    return ERRORS[this.code].level;
  }
}

export const GENERIC_ERROR_MESSAGE = "抱歉，处理时出现问题，请稍后再试；如多次出现，请联系管理员。";
