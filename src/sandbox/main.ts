import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { demoDirectory } from "./demo-directory.ts";
import { directorySeedSchema } from "./directory.ts";
import type { Subscription } from "./events/delivery.ts";
import { startPlatform } from "./platform.ts";

// The stand-in as its own process, for the sandbox page and for trying the bot by hand:
//   npx tsx src/sandbox/main.ts --port 3900 [--directory contacts.json] [--events-url http://127.0.0.1:3000/webhook/event]

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3900" },
    host: { type: "string", default: "127.0.0.1" },
    "app-id": { type: "string", default: "cli_a1b2c3d4e5f60718" },
    "app-secret": { type: "string", default: "sandbox-secret" },
    "app-name": { type: "string" },
    "verification-token": { type: "string" },
    "encrypt-key": { type: "string" },
    directory: { type: "string" },
    "events-url": { type: "string" },
    "callbacks-url": { type: "string" },
    "group-messages": { type: "string", default: "at_bot_only" },
  },
});

const subscription = (url: string | undefined): Subscription => (url ? { mode: "webhook", url } : { mode: "long_connection" });
const directory = values.directory ? directorySeedSchema.parse(JSON.parse(readFileSync(values.directory, "utf8"))) : demoDirectory;
const groupMessages = values["group-messages"];
if (groupMessages !== "at_bot_only" && groupMessages !== "all") throw new Error("--group-messages must be at_bot_only or all");

const platform = await startPlatform({
  port: Number(values.port),
  host: values.host,
  appId: values["app-id"],
  appSecret: values["app-secret"],
  ...(values["app-name"] ? { appName: values["app-name"] } : {}),
  ...(values["verification-token"] ? { verificationToken: values["verification-token"] } : {}),
  ...(values["encrypt-key"] ? { encryptKey: values["encrypt-key"] } : {}),
  directory,
  events: subscription(values["events-url"]),
  callbacks: subscription(values["callbacks-url"]),
  groupMessageScope: groupMessages,
});

console.log(`Feishu stand-in listening on ${platform.url}`);
console.log(`  app id ${platform.appId}, secret ${values["app-secret"]}, verification token ${platform.state.app.verificationToken}`);
console.log(`  bot open_id ${platform.bot.openId}; ${platform.directory.allUsers().length} users, ${platform.chats().length} chats`);
console.log(`  point the SDK at it with { domain: "${platform.url}" }; sandbox API at ${platform.url}/_sandbox/state`);

const shutdown = () => void platform.close().then(() => process.exit(0));
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
