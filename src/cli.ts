// The command line: import a workspace and figures, compile a bulletin. It opens the same database as
// the bot (DATABASE_URL, or data/bot.db), so what it imports the bot sees.
//   npm run cli -- bulletin --workspace W.yaml --figures F.csv --period 2023-12 --out DIR
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, type Db } from "./platform/db/client.ts";
import { isoDateIn, systemClock } from "./platform/time.ts";
import { ImportRejected } from "./import/errors.ts";
import { parsePeriod } from "./domain/period.ts";
import { importFiguresFile, importWorkspaceFile, loadWorkspace } from "./features/admin/import-files.ts";
import { buildBulletin } from "./features/bulletin/build-bulletin.ts";
import { renderMarkdown } from "./render/markdown.ts";
import { toBulletinJson } from "./render/bulletin-json.ts";
import { bulletinFiles } from "./features/bulletin/bulletin-files.ts";
import { parseIsoDate } from "./domain/dates.ts";
import { computeFindings } from "./features/findings/compute-findings.ts";
import { renderFindingsTable } from "./render/findings-table.ts";
import * as lark from "@larksuiteoapi/node-sdk";
import { loadConfig } from "./config.ts";
import { createLogger, sdkLogger } from "./platform/logger.ts";
import { createLarkMessenger } from "./platform/lark/lark-messenger.ts";
import { listPeople } from "./store/people-repo.ts";
import { doctorReport, runDoctor } from "./features/admin/doctor.ts";

const USAGE = `用法：npm run cli -- <命令> [选项]

命令：
  import-workspace <文件.yaml>                       导入或更新工作区（单位、指标、年度任务）
  import-figures --workspace <工作区> <文件.csv>      导入填报数据（表头 period,unit,indicator,value）
  bulletin --workspace <工作区或文件.yaml> [--figures <文件.csv>] --period <2023-12> --out <目录>
           [--issued <2024-01-09>] [--number <文号序号>]
                                                     生成通报：bulletin.md、bulletin.json、bulletin.docx、
                                                     bulletin.xlsx 和摘要卡片 card.json
  findings --workspace <工作区或文件.yaml> [--figures <文件.csv>] --period <2023-12>
                                                     列出本期发现的问题（未按时报送、进度滞后、数据存疑）
  doctor [--workspace <工作区>]                       检查飞书应用配置：凭证、机器人能力、按手机号查找管理员、
                                                     向第一位管理员发送测试消息；逐项说明缺什么、在哪里设置
  help                                               显示本说明

<工作区> 可以是工作区文件（先导入）或已导入工作区的 key（默认为 name）。
数据库：DATABASE_URL（file:… 或 postgresql://…），默认 data/bot.db。`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      workspace: { type: "string" },
      figures: { type: "string" },
      period: { type: "string" },
      out: { type: "string" },
      issued: { type: "string" },
      number: { type: "string" },
    },
  });
  if (command === "doctor") return doctor(values.workspace);
  const database = await openDatabase(process.env.DATABASE_URL);
  try {
    const db = database.db;
    const now = systemClock.now();
    switch (command) {
      case "import-workspace": {
        const file = positionals[0] ?? values.workspace;
        if (!file) throw new UsageError("请给出工作区文件，例如 npm run cli -- import-workspace workspace.yaml");
        const summary = await importWorkspaceFile(db, file);
        console.log(`工作区“${summary.workspaceKey}”：新增 ${summary.created} 项，更新 ${summary.updated} 项，删除 ${summary.removed} 项，未变 ${summary.unchanged} 项。`);
        return 0;
      }
      case "import-figures": {
        const file = positionals[0] ?? values.figures;
        if (!values.workspace || !file) throw new UsageError("请给出 --workspace <工作区> 和数据文件");
        const workspace = await resolveWorkspace(db, values.workspace);
        const summary = await importFiguresFile(db, workspace, file, now);
        console.log(`已导入 ${summary.periods.join("、")}：新修订 ${summary.revisions} 份，未变 ${summary.unchanged} 份。`);
        return 0;
      }
      case "bulletin": {
        if (!values.workspace || !values.period || !values.out) throw new UsageError("bulletin 需要 --workspace、--period 和 --out");
        const period = parsePeriod(values.period);
        const workspace = await resolveWorkspace(db, values.workspace);
        if (values.figures) {
          const summary = await importFiguresFile(db, workspace, values.figures, now);
          console.log(`数据：新修订 ${summary.revisions} 份，未变 ${summary.unchanged} 份。`);
        }
        const issuedOn = values.issued ?? isoDateIn(now, workspace.model.timezone);
        parseIsoDate(issuedOn);
        const docSequence = values.number === undefined ? null : parseSequence(values.number);
        const { findings, problems } = await computeFindings(db, workspace, period, now);
        const bulletin = await buildBulletin(db, workspace, { period, issuedOn, docSequence, findings, problems });
        await mkdir(values.out, { recursive: true });
        await writeFile(join(values.out, "bulletin.md"), renderMarkdown(bulletin));
        await writeFile(join(values.out, "bulletin.json"), `${JSON.stringify(toBulletinJson(bulletin), null, 2)}\n`);
        const files = await bulletinFiles(db, workspace, bulletin);
        for (const [name, content] of Object.entries(files)) await writeFile(join(values.out, name), content);
        console.log(`已生成《${bulletin.header.title}》：${join(values.out, "bulletin.md")}、bulletin.json、${Object.keys(files).join("、")}`);
        return 0;
      }
      case "findings": {
        if (!values.workspace || !values.period) throw new UsageError("findings 需要 --workspace 和 --period");
        const period = parsePeriod(values.period);
        const workspace = await resolveWorkspace(db, values.workspace);
        if (values.figures) await importFiguresFile(db, workspace, values.figures, now);
        const { findings, tracked } = await computeFindings(db, workspace, period, now);
        process.stdout.write(renderFindingsTable(findings, tracked, workspace.model, period));
        return 0;
      }
      default:
        throw new UsageError(`未知命令“${command}”`);
    }
  } finally {
    await database.close();
  }
}

/** doctor: the app in the environment (FEISHU_APP_ID …), the admins of the stored workspace. */
async function doctor(workspaceArg: string | undefined): Promise<number> {
  const config = loadConfig(process.env);
  if (config.mode !== "feishu") throw new UsageError("doctor 需要 FEISHU_APP_ID 和 FEISHU_APP_SECRET（以及私有化部署的 FEISHU_DOMAIN）");
  const key = workspaceArg ?? config.env.WORKSPACE_KEY;
  const database = await openDatabase(config.env.DATABASE_URL);
  try {
    const workspace = key ? await resolveWorkspace(database.db, key) : config.env.WORKSPACE_FILE ? await resolveWorkspace(database.db, config.env.WORKSPACE_FILE) : null;
    if (!workspace) throw new UsageError("doctor 需要 --workspace，或环境变量 WORKSPACE_KEY / WORKSPACE_FILE");
    const admins = await listPeople(database.db, workspace.id, ["admin"]);
    const client = new lark.Client({ appId: config.appId, appSecret: config.appSecret, domain: config.domain, appType: lark.AppType.SelfBuild, loggerLevel: lark.LoggerLevel.error, logger: sdkLogger(createLogger(config.env.LOG_LEVEL)) });
    const checks = await runDoctor(createLarkMessenger(client), admins, systemClock.now());
    process.stdout.write(doctorReport(checks));
    return checks.every((check) => check.ok) ? 0 : 1;
  } finally {
    await database.close();
  }
}

async function resolveWorkspace(db: Db, workspace: string) {
  if (/\.ya?ml$/i.test(workspace)) {
    const summary = await importWorkspaceFile(db, workspace);
    if (summary.created + summary.updated + summary.removed > 0) {
      console.log(`工作区“${summary.workspaceKey}”：新增 ${summary.created} 项，更新 ${summary.updated} 项，删除 ${summary.removed} 项。`);
    }
    return loadWorkspace(db, summary.workspaceKey);
  }
  return loadWorkspace(db, workspace);
}

function parseSequence(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--number 应为正整数，收到“${text}”`);
  return value;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else if (error instanceof ImportRejected) console.error(error.message);
    else console.error(`错误：${(error as Error).message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
