// Writes test/fixtures/zhangye/{workspace.yaml,figures.csv} from the golden file:
//   npx tsx test/support/write-zhangye-fixture.ts
import { writeFileSync } from "node:fs";
import { goldenFiguresCsv, goldenWorkspaceYaml, readGolden } from "./golden.ts";

const golden = readGolden();
writeFileSync(new URL("../fixtures/zhangye/workspace.yaml", import.meta.url), goldenWorkspaceYaml(golden));
writeFileSync(new URL("../fixtures/zhangye/figures.csv", import.meta.url), goldenFiguresCsv(golden));
