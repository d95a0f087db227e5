// Writes test/fixtures/demo/{workspace.yaml,figures.csv}: npx tsx test/support/write-demo-fixture.ts
import { writeFileSync } from "node:fs";
import { DEMO_FIXTURE, demoFiguresCsv, demoWorkspaceYaml } from "./demo-province.ts";

writeFileSync(new URL("../fixtures/demo/workspace.yaml", import.meta.url), demoWorkspaceYaml({ ...DEMO_FIXTURE }));
writeFileSync(new URL("../fixtures/demo/figures.csv", import.meta.url), demoFiguresCsv({ ...DEMO_FIXTURE }));
