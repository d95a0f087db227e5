// The environment is checked at start: a wrong value stops the bot with the variable's name.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

const base = { FEISHU_APP_SECRET: "secret", WORKSPACE_KEY: "zhangye" };

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return "";
}

describe("loadConfig", () => {
  it("takes an app id of the shape the SDK's long connection accepts (cli_ and 16 hex digits)", () => {
    expect(loadConfig({ ...base, FEISHU_APP_ID: "cli_a1b2c3d4e5f60718" })).toMatchObject({ mode: "feishu", appId: "cli_a1b2c3d4e5f60718" });
  });

  it.each(["cli_abc", "cli_a1b2c3d4e5f6071z", "cli_a1b2c3d4e5f607189", "app_a1b2c3d4e5f60718"])(
    "refuses the app id %s, naming FEISHU_APP_ID (bug: accepted, then WSClient.start returned silently)",
    (appId) => {
      expect(refusal({ ...base, FEISHU_APP_ID: appId })).toContain("FEISHU_APP_ID");
    },
  );
});
