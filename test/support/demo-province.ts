// The demo province: 60 invented 市县 (clearly marked 示范 = demo), their contacts, leaders and
// targets, and ten months of plausible cumulative figures with a few laggards, zero-progress units
// and unpaid subsidies, so the sandbox, the benchmarks and the findings have something real-looking.
// Deterministic: the same files every run. Also scales to thousands of units for the benchmark.
import { stringify } from "yaml";

const FIRST = ["东", "西", "南", "北", "青", "白", "金", "长", "新", "安", "平", "永", "兴", "宁", "和", "清"];
const SECOND = ["山", "河", "川", "原", "林", "阳", "泉", "峰", "湖", "城", "江", "丰", "溪", "岭", "桥", "台"];
const SUFFIX = ["市", "县", "县", "区"];

export function demoUnitNames(count: number): string[] {
  const names: string[] = [];
  const taken = new Set<string>();
  for (let i = 0; names.length < count; i++) {
    const first = FIRST[i % FIRST.length]!;
    const second = SECOND[Math.floor(i / FIRST.length) % SECOND.length]!;
    const round = Math.floor(i / (FIRST.length * SECOND.length));
    const name = `${first}${second}${round > 0 ? round + 1 : ""}${SUFFIX[i % SUFFIX.length]}`;
    if (!taken.has(name)) {
      taken.add(name);
      names.push(name);
    }
  }
  return names;
}

/** A small deterministic generator (mulberry32), so the fixture never changes between runs. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoIndicator {
  id: string;
  group: string;
  name: string;
  unit: string;
  rateName?: string;
  hasTargets: boolean;
}

export const DEMO_INDICATORS: DemoIndicator[] = [
  { id: "pg_kaigong", group: "棚户区改造", name: "开工", unit: "套", hasTargets: true },
  { id: "pg_touzi", group: "棚户区改造", name: "完成投资", unit: "万元", hasTargets: true },
  { id: "lgxq_hu", group: "城镇老旧小区改造", name: "开工", unit: "户", hasTargets: true },
  { id: "bzf_kaigong", group: "保障性租赁住房", name: "开工", unit: "套", hasTargets: true },
  { id: "zlbt_hu", group: "住房租赁补贴", name: "发放", unit: "户", rateName: "完成率", hasTargets: true },
  { id: "zlbt_jine", group: "住房租赁补贴", name: "发放金额", unit: "万元", hasTargets: false },
  { id: "zj_daowei", group: "保障性安居工程资金", name: "到位资金", unit: "万元", hasTargets: false },
  { id: "zj_zhichu", group: "保障性安居工程资金", name: "支出", unit: "万元", hasTargets: false },
];

export interface DemoOptions {
  units: number;
  /** months of figures, 1..months */
  months: number;
  year: number;
  /** extra indicators (for the 30-indicator benchmark) */
  extraIndicators?: number;
}

export function demoWorkspace(options: DemoOptions) {
  const names = demoUnitNames(options.units);
  const rand = random(20241);
  const indicators = [
    ...DEMO_INDICATORS,
    ...Array.from({ length: options.extraIndicators ?? 0 }, (_, i): DemoIndicator => ({ id: `extra_${i + 1}`, group: `其他任务${Math.floor(i / 4) + 1}`, name: `任务${i + 1}`, unit: "个", hasTargets: true })),
  ];
  const targets = new Map<string, Map<string, number>>();
  for (const indicator of indicators.filter((candidate) => candidate.hasTargets)) {
    const perUnit = new Map<string, number>();
    names.forEach((name, index) => {
      // about one unit in five has no task for an indicator, as in the seeds
      if (rand() < 0.2 && index > 0) return;
      const base = indicator.unit === "万元" ? 2000 + Math.round(rand() * 30000) : 50 + Math.round(rand() * 2000);
      perUnit.set(name, base);
    });
    targets.set(indicator.id, perUnit);
  }
  const file = {
    key: "demo",
    name: "示范省（演示数据）",
    office: "示范省保障性安居工程领导小组办公室",
    scope: "全省",
    docPrefix: "示安居办",
    percentDigits: 1,
    percentTrailingZero: true,
    year: options.year,
    bulletin: { addressees: "各市（州）、县（市、区）人民政府", rankTables: true },
    admins: [{ name: "省住房保障办管理员", mobile: "13900000000" }],
    units: names.map((name, index) => ({
      name,
      contact: { name: `${name}填报员`, mobile: `138${String(index).padStart(8, "0")}` },
      leader: { name: `${name}分管领导`, mobile: `137${String(index).padStart(8, "0")}` },
    })),
    indicators: indicators.map((indicator) => ({
      id: indicator.id,
      group: indicator.group,
      name: indicator.name,
      unit: indicator.unit,
      ...(indicator.rateName ? { rateName: indicator.rateName } : {}),
      ...(indicator.hasTargets ? { targets: Object.fromEntries(targets.get(indicator.id)!) } : {}),
    })),
    ratios: [{ id: "zj_zhichulv", name: "支出率", numerator: "zj_zhichu", denominator: "zj_daowei" }],
  };
  return { file, names, indicators, targets, rand };
}

export function demoWorkspaceYaml(options: DemoOptions): string {
  return `# 演示数据：示范省及其市县均为虚构，仅用于沙箱演示、测试和性能测试。\n${stringify(demoWorkspace(options).file)}`;
}

export function demoFiguresCsv(options: DemoOptions): string {
  const { names, indicators, targets, rand } = demoWorkspace(options);
  const lines = ["period,unit,indicator,value"];
  // Each unit has a pace (share of the year's target done per month); some lag, a few do nothing.
  const pace = new Map(names.map((name, index) => [name, index % 17 === 5 ? 0 : 0.6 + rand() * 0.7]));
  const quarterSkip = new Set(names.filter((_, index) => index % 13 === 7));
  const position = new Map(names.map((name, index) => [name, index]));
  for (let month = 1; month <= options.months; month++) {
    const period = `${options.year}-${String(month).padStart(2, "0")}`;
    for (const name of names) {
      const values = new Map<string, number>();
      for (const indicator of indicators) {
        const target = targets.get(indicator.id)?.get(name);
        if (indicator.hasTargets && target === undefined) continue;
        let share = Math.min(1.1, (pace.get(name)! * month) / 12);
        if (indicator.id.startsWith("zlbt") && quarterSkip.has(name)) share = 0;
        const basis = target ?? 5000;
        const decimals = indicator.unit === "万元" ? 2 : 0;
        values.set(indicator.id, Number((basis * share).toFixed(decimals)));
      }
      // spending follows funds arrived
      const arrived = values.get("zj_daowei");
      if (arrived !== undefined) values.set("zj_zhichu", Number((arrived * (0.4 + 0.5 * ((position.get(name)! % 7) / 7))).toFixed(2)));
      for (const [id, value] of values) lines.push(`${period},${name},${id},${value}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export const DEMO_FIXTURE = { units: 60, months: 10, year: 2024 } as const;
