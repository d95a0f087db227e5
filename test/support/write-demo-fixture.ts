// Writes src/demo/{workspace.yaml,figures.csv}: npx tsx test/support/write-demo-fixture.ts
import { writeFileSync } from "node:fs";
import { DEMO_WORKSPACE_FILE, DEMO_FIGURES_FILE } from "../../src/demo/files.ts";
import { DEMO_FIXTURE, demoFiguresCsv, demoWorkspaceYaml } from "./demo-province.ts";

writeFileSync(DEMO_WORKSPACE_FILE, demoWorkspaceYaml({ ...DEMO_FIXTURE }));
writeFileSync(DEMO_FIGURES_FILE, demoFiguresCsv({ ...DEMO_FIXTURE }));
