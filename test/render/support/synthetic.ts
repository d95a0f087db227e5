// A synthetic workspace of N units compiled straight from plain data: the size tests' province of 100
// counties. Deterministic figures, every fourth unit lagging, the real findings engine for the problems.
import { compileBulletin } from "../../../src/domain/bulletin/compile.ts";
import type { Bulletin } from "../../../src/domain/bulletin/types.ts";
import { periodKey, type Period } from "../../../src/domain/period.ts";
import { defaultRulesSettings, describeProblems, findFindings } from "../../../src/domain/rules/index.ts";
import type { Figures, RateStyle, Targets, WorkspaceModel } from "../../../src/domain/workspace.ts";

const INDICATORS = [
  { key: "pg_kaigong", group: "棚户区改造", name: "开工", measure: "套" },
  { key: "pg_touzi", group: "棚户区改造", name: "完成投资", measure: "万元" },
  { key: "bzf_kaigong", group: "保障性租赁住房", name: "开工", measure: "套" },
  { key: "zlbt_hu", group: "住房租赁补贴", name: "发放", measure: "户", rateName: "完成率" },
  { key: "zj_daowei", group: "保障性安居工程资金", name: "到位资金", measure: "万元" },
  { key: "zj_zhichu", group: "保障性安居工程资金", name: "支出", measure: "万元" },
];

export function syntheticUnits(count: number): string[] {
  const first = "东西南北青白金长新安平永兴宁和清";
  const second = "山河川原林阳泉峰湖城江丰溪岭桥台";
  return Array.from({ length: count }, (_, i) => `${first[i % 16]}${second[Math.floor(i / 16) % 16]}${i >= 256 ? Math.floor(i / 256) + 1 : ""}${"市县县区"[i % 4]}`);
}

export function syntheticBulletin(unitCount: number, period: Period = { year: 2024, month: 9 }, rate: RateStyle = { digits: 1, trailingZero: false }): { bulletin: Bulletin; workspace: WorkspaceModel } {
  const units = syntheticUnits(unitCount);
  const workspace: WorkspaceModel = {
    key: "synthetic",
    name: "合成省",
    office: "合成省保障性安居工程领导小组办公室",
    scope: "全省",
    docPrefix: "合安居办",
    timezone: "Asia/Shanghai",
    rate,
    bulletin: { subject: "保障性安居工程", rangeDash: "-", asOfWord: "截至", addressees: "各市（州）人民政府", rankTables: true, titleWithOffice: false, unitsInText: "auto", signatureLines: null, seal: false, cardIndicator: null, record: { copyTo: null, printedBy: null } },
    units: units.map((name, position) => ({ name, position })),
    indicators: INDICATORS.map((indicator, position) => ({ ...indicator, decimals: indicator.measure === "万元" ? 2 : 0, rateName: indicator.rateName ?? `${indicator.name}率`, position })),
    ratios: [{ key: "zj_zhichulv", name: "支出率", numeratorKey: "zj_zhichu", denominatorKey: "zj_daowei", position: 0 }],
  };
  const targetMap = new Map<string, Map<string, number>>();
  const figures = new Map<string, Map<string, number>>();
  units.forEach((unit, i) => {
    const share = i % 4 === 3 ? 0.2 + (i % 7) / 20 : 0.7 + (i % 9) / 20;
    const perUnit = new Map<string, number>();
    for (const key of ["pg_kaigong", "bzf_kaigong", "zlbt_hu"]) {
      const target = 100 + ((i * 37 + key.length * 11) % 900);
      if (!targetMap.has(key)) targetMap.set(key, new Map());
      targetMap.get(key)!.set(unit, target);
      perUnit.set(key, Math.round(target * share));
    }
    perUnit.set("pg_touzi", Math.round((1000 + i * 13.37) * share * 100) / 100);
    const arrived = 500 + ((i * 53) % 1500);
    perUnit.set("zj_daowei", arrived);
    perUnit.set("zj_zhichu", Math.round(arrived * share * 100) / 100);
    figures.set(unit, perUnit);
  });
  const targets: Targets = { units: targetMap, scope: new Map([["pg_touzi", 200000]]) };
  const history = new Map<string, Figures>([[periodKey(period), figures]]);
  const findings = findFindings({ workspace, settings: defaultRulesSettings, targets, history, period, deadline: null, now: new Date("2024-10-08T00:00:00Z") });
  const bulletin = compileBulletin({
    workspace,
    period,
    targets,
    figures,
    scopeFigures: new Map(),
    findings,
    problems: describeProblems(findings, workspace),
    issuedOn: "2024-10-08",
    docSequence: 7,
  });
  return { bulletin, workspace };
}
