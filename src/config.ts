// Configuration from the environment, validated once at start. A missing or wrong setting stops the
// bot with a message naming the variable; nothing falls back to an empty string.
import { z } from "zod";
import * as lark from "@larksuiteoapi/node-sdk";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const envSchema = z
  .object({
    FEISHU_APP_ID: optionalText.pipe(z.string().regex(/^cli_[0-9a-fA-F]{16}$/, "应为 cli_ 加16位十六进制字符，形如 cli_a1b2c3d4e5f60718（SDK 的长连接不接受其他形式）").optional()),
    FEISHU_APP_SECRET: optionalText,
    /** feishu | lark | a private deployment's base URL */
    FEISHU_DOMAIN: optionalText,
    FEISHU_EVENT_MODE: z.enum(["long_connection", "http"], { error: "只能是 long_connection 或 http" }).default("long_connection"),
    FEISHU_ENCRYPT_KEY: optionalText,
    FEISHU_VERIFICATION_TOKEN: optionalText,
    HTTP_PORT: z.coerce.number({ error: "应为端口号" }).int().min(1).max(65535).default(3000),
    HTTP_PATH: z.string().startsWith("/", "应以 / 开头").default("/feishu/events"),
    DATABASE_URL: optionalText,
    WORKSPACE_FILE: optionalText,
    WORKSPACE_KEY: optionalText,
    SANDBOX_PORT: z.coerce.number({ error: "应为端口号" }).int().min(0).max(65535).default(3900),
    HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    INSTANCE_ID: optionalText,
    INSTANCE_COUNT: z.coerce.number({ error: "应为正整数" }).int("应为正整数").min(1, "至少为 1").max(64, "不超过 64").default(1),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.FEISHU_APP_ID) !== Boolean(env.FEISHU_APP_SECRET)) {
      ctx.addIssue({ code: "custom", path: [env.FEISHU_APP_ID ? "FEISHU_APP_SECRET" : "FEISHU_APP_ID"], message: "FEISHU_APP_ID 和 FEISHU_APP_SECRET 需同时设置（都不设置则启动本地沙箱）" });
    }
    if (env.FEISHU_EVENT_MODE === "http" && !env.FEISHU_ENCRYPT_KEY) {
      ctx.addIssue({ code: "custom", path: ["FEISHU_ENCRYPT_KEY"], message: "HTTP 回调模式需要设置 Encrypt Key（开发者后台 → 事件与回调 → 加密策略），用于校验签名" });
    }
    if (env.FEISHU_APP_ID && !env.WORKSPACE_FILE && !env.WORKSPACE_KEY) {
      ctx.addIssue({ code: "custom", path: ["WORKSPACE_FILE"], message: "连接飞书时需要指定工作区文件（WORKSPACE_FILE）或已导入工作区的 key（WORKSPACE_KEY）" });
    }
  });

export type Env = z.infer<typeof envSchema>;

export type Config =
  | { readonly mode: "sandbox"; readonly env: Env }
  | { readonly mode: "feishu"; readonly env: Env; readonly appId: string; readonly appSecret: string; readonly domain: lark.Domain | string };

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`配置有误，未启动：\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(environment);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".") || "环境变量"}：${issue.message}`));
  }
  const env = result.data;
  if (!env.FEISHU_APP_ID || !env.FEISHU_APP_SECRET) return { mode: "sandbox", env };
  return { mode: "feishu", env, appId: env.FEISHU_APP_ID, appSecret: env.FEISHU_APP_SECRET, domain: domainOf(env.FEISHU_DOMAIN) };
}

function domainOf(value: string | undefined): lark.Domain | string {
  if (!value || value === "feishu") return lark.Domain.Feishu;
  if (value === "lark") return lark.Domain.Lark;
  if (!/^https?:\/\/[^\s/]+/.test(value)) throw new ConfigError([`FEISHU_DOMAIN：应为 feishu、lark 或私有化部署的地址（如 https://open.example.gov.cn），收到“${value}”`]);
  return value.replace(/\/$/, "");
}
