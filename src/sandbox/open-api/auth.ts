import { json, jsonBody, type Router } from "../http-kit.ts";
import type { PlatformState } from "../platform-state.ts";

// §6.1 tenant token (top-level fields, not under `data`) and §4.1 bot info (top-level `bot`).

export function registerAuthRoutes(router: Router, state: PlatformState): void {
  router.add(
    "POST",
    "/open-apis/auth/v3/tenant_access_token/internal",
    (req) => {
      const body = jsonBody(req);
      const { token, expire } = state.tenantTokens.grant(body["app_id"], body["app_secret"]);
      return json({ code: 0, msg: "ok", tenant_access_token: token, expire });
    },
    { needsToken: false, rateLimited: false },
  );

  router.add("GET", "/open-apis/bot/v3/info", () =>
    json({
      code: 0,
      msg: "ok",
      bot: {
        activate_status: 2,
        app_name: state.app.appName,
        avatar_url: "",
        ip_white_list: [],
        open_id: state.directory.bot.openId,
      },
    }),
  );
}
