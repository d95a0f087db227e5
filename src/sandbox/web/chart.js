// A small SVG stand-in for the VChart specs cards carry (chart component, §2.4.2): bar charts
// (vertical or horizontal, coloured by seriesField), line charts and pies, with title, value labels,
// legend and markLine. Enough for a person to read the chart; no library.
import { escapeHtml } from "./markdown.js";

const palette = ["#3370ff", "#34c724", "#ff8800", "#f54a45", "#7f3bf5", "#14c0ff", "#ffc60a", "#f01d94"];

function valuesOf(spec) {
  const data = Array.isArray(spec.data) ? spec.data[0] : spec.data;
  return Array.isArray(data?.values) ? data.values : [];
}

function first(field) {
  return Array.isArray(field) ? field[0] : field;
}

function niceMax(max) {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

function fmt(value) {
  const n = Number(value);
  if (!Number.isFinite(n)) return "";
  return Math.abs(n) >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

function colorScale(spec, values, seriesField) {
  const domain = spec.color?.domain ?? [...new Set(values.map((v) => v[seriesField]))];
  const range = spec.color?.range ?? (Array.isArray(spec.color) ? spec.color : palette);
  return { domain, color: (key) => range[Math.max(0, domain.indexOf(key)) % range.length] ?? palette[0] };
}

function legend(domain, color, width, y) {
  let x = 0;
  const items = domain.map((name) => {
    const label = escapeHtml(name);
    const item = `<g transform="translate(${x},0)"><rect width="10" height="10" rx="2" y="-9" fill="${color(name)}"/><text x="14" font-size="12" fill="#646a73">${label}</text></g>`;
    x += 26 + String(name).length * 12;
    return item;
  });
  return `<g transform="translate(${Math.max(8, (width - x) / 2)},${y})">${items.join("")}</g>`;
}

/** Returns an SVG string for the spec, `width` px wide. */
export function renderChart(spec, width, heightHint) {
  const values = valuesOf(spec);
  const title = spec.title?.text ? escapeHtml(spec.title.text) : "";
  if (values.length === 0) return `<div class="chart-empty">${title || "图表"}（无数据）</div>`;
  if (spec.type === "pie") return pie(spec, values, width, title);
  const horizontal = spec.direction === "horizontal";
  const catField = first(horizontal ? spec.yField : spec.xField);
  const valField = first(horizontal ? spec.xField : spec.yField);
  const seriesField = spec.seriesField;
  const { domain, color } = colorScale(spec, values, seriesField);
  const showLegend = Boolean(seriesField) && spec.legends?.visible !== false;
  const showLabels = spec.label?.visible === true;
  const marks = (Array.isArray(spec.markLine) ? spec.markLine : spec.markLine ? [spec.markLine] : []).filter((m) => Number.isFinite(Number(horizontal ? m.x : m.y)));
  const max = niceMax(Math.max(...values.map((v) => Number(v[valField]) || 0), ...marks.map((m) => Number(horizontal ? m.x : m.y))));
  const titleH = title ? 28 : 6;
  const legendH = showLegend ? 26 : 0;
  const categories = [...new Set(values.map((v) => String(v[catField])))];

  if (horizontal) {
    const band = 22;
    const labelW = Math.min(110, 12 + Math.max(...categories.map((c) => c.length)) * 13);
    const plotW = width - labelW - 44;
    const plotH = categories.length * band;
    const height = titleH + plotH + 26 + legendH;
    const x = (v) => labelW + (Number(v) / max) * plotW;
    const parts = [];
    for (let i = 0; i <= 4; i++) {
      const tick = (max / 4) * i;
      parts.push(`<line x1="${x(tick)}" x2="${x(tick)}" y1="${titleH}" y2="${titleH + plotH}" stroke="#eff0f1"/><text x="${x(tick)}" y="${titleH + plotH + 16}" font-size="11" fill="#8f959e" text-anchor="middle">${fmt(tick)}</text>`);
    }
    values.forEach((v) => {
      const i = categories.indexOf(String(v[catField]));
      const y = titleH + i * band;
      const value = Number(v[valField]) || 0;
      parts.push(`<text x="${labelW - 6}" y="${y + band / 2 + 4}" font-size="12" fill="#1f2329" text-anchor="end">${escapeHtml(v[catField])}</text>`);
      parts.push(`<rect x="${labelW}" y="${y + 4}" width="${Math.max(1, x(value) - labelW)}" height="${band - 8}" rx="2" fill="${color(v[seriesField])}"><title>${escapeHtml(v[catField])}：${fmt(value)}</title></rect>`);
      if (showLabels) parts.push(`<text x="${x(value) + 4}" y="${y + band / 2 + 4}" font-size="11" fill="#646a73">${fmt(value)}</text>`);
    });
    for (const m of marks) {
      const mx = x(m.x);
      parts.push(`<line x1="${mx}" x2="${mx}" y1="${titleH - 4}" y2="${titleH + plotH}" stroke="#f54a45" stroke-dasharray="4 3"/>`);
      if (m.label?.text) parts.push(`<text x="${Math.min(mx + 4, width - 4)}" y="${titleH - 6}" font-size="11" fill="#f54a45" text-anchor="${mx > width - 120 ? "end" : "start"}">${escapeHtml(m.label.text)}</text>`);
    }
    const head = title ? `<text x="${width / 2}" y="18" font-size="14" font-weight="600" fill="#1f2329" text-anchor="middle">${title}</text>` : "";
    const foot = showLegend ? legend(domain, color, width, height - 8) : "";
    return `<svg class="chart-svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}">${head}${parts.join("")}${foot}</svg>`;
  }

  const height = Math.max(200, Number(heightHint) || 240);
  const plotTop = titleH + 8;
  const plotBottom = height - 36 - legendH;
  const left = 40;
  const plotW = width - left - 12;
  const y = (v) => plotBottom - (Number(v) / max) * (plotBottom - plotTop);
  const band = plotW / categories.length;
  const parts = [];
  for (let i = 0; i <= 4; i++) {
    const tick = (max / 4) * i;
    parts.push(`<line x1="${left}" x2="${width - 12}" y1="${y(tick)}" y2="${y(tick)}" stroke="#eff0f1"/><text x="${left - 6}" y="${y(tick) + 4}" font-size="11" fill="#8f959e" text-anchor="end">${fmt(tick)}</text>`);
  }
  categories.forEach((c, i) => {
    if (categories.length <= 16 || i % Math.ceil(categories.length / 16) === 0) {
      parts.push(`<text x="${left + band * i + band / 2}" y="${plotBottom + 16}" font-size="11" fill="#646a73" text-anchor="middle">${escapeHtml(c.length > 5 ? c.slice(0, 5) : c)}</text>`);
    }
  });
  if (spec.type === "line") {
    const series = seriesField ? domain : [undefined];
    for (const s of series) {
      const points = values.filter((v) => !seriesField || v[seriesField] === s).map((v) => `${left + band * categories.indexOf(String(v[catField])) + band / 2},${y(v[valField])}`);
      parts.push(`<polyline fill="none" stroke="${color(s)}" stroke-width="2" points="${points.join(" ")}"/>`);
    }
  } else {
    const series = seriesField && Array.isArray(spec.xField) ? domain : [null];
    values.forEach((v) => {
      const i = categories.indexOf(String(v[catField]));
      const k = series[0] === null ? 0 : Math.max(0, series.indexOf(v[seriesField]));
      const w = (band * 0.7) / series.length;
      const bx = left + band * i + band * 0.15 + k * w;
      const value = Number(v[valField]) || 0;
      parts.push(`<rect x="${bx}" y="${y(value)}" width="${Math.max(1, w - 1)}" height="${Math.max(0, plotBottom - y(value))}" rx="2" fill="${color(v[seriesField])}"><title>${escapeHtml(v[catField])}：${fmt(value)}</title></rect>`);
      if (showLabels) parts.push(`<text x="${bx + w / 2}" y="${y(value) - 4}" font-size="10" fill="#646a73" text-anchor="middle">${fmt(value)}</text>`);
    });
  }
  for (const m of marks) {
    const my = y(m.y);
    parts.push(`<line x1="${left}" x2="${width - 12}" y1="${my}" y2="${my}" stroke="#f54a45" stroke-dasharray="4 3"/>`);
    if (m.label?.text) parts.push(`<text x="${width - 14}" y="${my - 4}" font-size="11" fill="#f54a45" text-anchor="end">${escapeHtml(m.label.text)}</text>`);
  }
  const head = title ? `<text x="${width / 2}" y="18" font-size="14" font-weight="600" fill="#1f2329" text-anchor="middle">${title}</text>` : "";
  const foot = showLegend ? legend(domain, color, width, height - 8) : "";
  return `<svg class="chart-svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${title}">${head}${parts.join("")}${foot}</svg>`;
}

function pie(spec, values, width, title) {
  const valueField = spec.valueField ?? "value";
  const categoryField = spec.categoryField ?? "type";
  const { domain, color } = colorScale(spec, values, categoryField);
  const total = values.reduce((sum, v) => sum + (Number(v[valueField]) || 0), 0) || 1;
  const r = 80;
  const cx = width / 2;
  const cy = (title ? 28 : 8) + r + 4;
  let angle = -Math.PI / 2;
  const slices = values.map((v) => {
    const share = (Number(v[valueField]) || 0) / total;
    const a2 = angle + share * Math.PI * 2;
    const large = share > 0.5 ? 1 : 0;
    const d = `M${cx},${cy} L${cx + r * Math.cos(angle)},${cy + r * Math.sin(angle)} A${r},${r} 0 ${large} 1 ${cx + r * Math.cos(a2)},${cy + r * Math.sin(a2)} Z`;
    angle = a2;
    return `<path d="${d}" fill="${color(v[categoryField])}"><title>${escapeHtml(v[categoryField])}：${fmt(v[valueField])}</title></path>`;
  });
  const height = cy + r + 36;
  const head = title ? `<text x="${cx}" y="18" font-size="14" font-weight="600" text-anchor="middle">${title}</text>` : "";
  return `<svg class="chart-svg" viewBox="0 0 ${width} ${height}" width="100%">${head}${slices.join("")}${legend(domain, color, width, height - 8)}</svg>`;
}
