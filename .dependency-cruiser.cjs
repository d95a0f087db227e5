// The rooms of src/ and what each may import (src/README.md, "Rooms"). Checked by `npm run check:imports`
// in CI; test/architecture.test.ts plants a violation of each rule and sees it refused.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "The domain is plain functions over plain data: it imports only itself, zod and dayjs.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { pathNot: ["^src/domain/", "(^|/)node_modules/(zod|dayjs)/"] },
    },
    {
      name: "only-store-and-jobs-touch-the-database",
      comment: "Prisma's client (and the generated code) is used by src/store and src/jobs; the composition roots create it. Others may name its types.",
      severity: "error",
      from: { pathNot: ["^src/(store|jobs|platform/db)/", "^src/(main|cli|sandbox-mode)\\.ts$", "^src/generated/"] },
      to: { path: ["^src/generated/", "(^|/)node_modules/@prisma/", "^src/platform/db/"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "bot-imports-no-feature",
      comment: "The core (bot, transport, jobs, store, platform) knows no feature: features register with it.",
      severity: "error",
      from: { path: "^src/(bot|transport|jobs|store|platform)/" },
      to: { path: "^src/features/" },
    },
    {
      name: "features-do-not-reach-the-transport",
      comment: "Handlers answer through their context; only the composition roots wire transports.",
      severity: "error",
      from: { path: "^src/features/" },
      to: { path: "^src/transport/" },
    },
    {
      name: "the-stand-in-stays-apart",
      comment: "The platform stand-in (src/sandbox) is started by the sandbox mode; the bot talks to it only over HTTP.",
      severity: "error",
      from: { path: "^src/", pathNot: ["^src/sandbox", "^src/main\\.ts$"] },
      to: { path: "^src/sandbox/" },
    },
    ...[
      ["render", ["render", "domain"]],
      ["import", ["import", "domain", "platform"]],
      ["platform", ["platform", "domain", "generated"]],
      ["transport", ["transport", "bot", "platform"]],
      ["jobs", ["jobs", "platform", "store", "domain"]],
    ].map(([room, allowed]) => ({
      name: `${room}-imports-its-own-rooms`,
      comment: `src/${room} may import only src/{${allowed.join(",")}} (src/README.md, "Rooms").`,
      severity: "error",
      from: { path: `^src/${room}/` },
      to: { path: "^src/", pathNot: `^src/(${allowed.join("|")})/` },
    })),
    {
      name: "no-runtime-cycles",
      comment: "Modules that import each other at run time load in an order that depends on who came first.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^src/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".json"] },
  },
};
