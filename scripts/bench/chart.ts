// A grouped bar chart as plain SVG text, no dependency: one group per x label, one bar per series
// (the median) with a whisker up to the p95, on a logarithmic time axis. An opaque light card with
// dark text, so that it reads the same on GitHub's light and dark themes.

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
}

/** One bar: its median and p95 in ms; without a median, `note` stands in its place (e.g. "never"). */
export interface ChartBar {
  readonly median?: number | undefined;
  readonly p95?: number | undefined;
  readonly note?: string | undefined;
}

export interface GroupedBarChart {
  readonly title: string;
  readonly subtitle: string;
  readonly groups: readonly string[];
  readonly series: readonly ChartSeries[];
  /** bars[group][series] */
  readonly bars: readonly (readonly ChartBar[])[];
  readonly footnote?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 12 ms, 281 ms, 1.5 s, 10.1 s */
export const duration = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

const TEXT = '#1f2328';
const MUTED = '#59636e';
const GRID = '#d1d9e0';
const FONT = 'font-family="-apple-system, BlinkMacSystemFont, Segoe UI, Helvetica, Arial, sans-serif"';

export function groupedBarChartSvg(chart: GroupedBarChart): string {
  const width = 900;
  const height = 470;
  const plot = { left: 78, right: width - 24, top: 104, bottom: height - 70 };
  const values = chart.bars.flat().flatMap((b) => [b.median, b.p95].filter((v): v is number => v !== undefined));
  // Log axis from the decade below the smallest value to a quarter decade above the largest (room for labels).
  const lo = Math.floor(Math.log10(Math.max(1, Math.min(...values, 10))));
  const top = Math.max(lo + 1, Math.log10(Math.max(...values, 10)) + 0.25);
  const y = (ms: number) =>
    plot.bottom - ((Math.log10(Math.max(ms, 10 ** lo)) - lo) / (top - lo)) * (plot.bottom - plot.top);
  const groupWidth = (plot.right - plot.left) / Math.max(1, chart.groups.length);
  const barWidth = Math.min(44, (groupWidth * 0.8) / Math.max(1, chart.series.length));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-label="${esc(chart.title)}">`,
    `<rect width="${width}" height="${height}" rx="8" fill="#ffffff" stroke="${GRID}"/>`,
    `<text x="24" y="34" ${FONT} font-size="18" font-weight="600" fill="${TEXT}">${esc(chart.title)}</text>`,
    `<text x="24" y="56" ${FONT} font-size="13" fill="${MUTED}">${esc(chart.subtitle)}</text>`,
  ];
  // Legend, one row under the subtitle.
  let lx = 24;
  for (const s of chart.series) {
    parts.push(`<rect x="${lx}" y="70" width="12" height="12" rx="2" fill="${s.color}"/>`);
    parts.push(`<text x="${lx + 17}" y="80.5" ${FONT} font-size="12.5" fill="${TEXT}">${esc(s.name)}</text>`);
    lx += 30 + s.name.length * 6.6;
  }
  // Log axis: a line and a label per decade.
  for (let d = lo; d <= top; d++) {
    const gy = y(10 ** d).toFixed(1);
    parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${gy}" y2="${gy}" stroke="${GRID}"/>`);
    parts.push(
      `<text x="${plot.left - 8}" y="${gy}" dy="4" text-anchor="end" ${FONT} font-size="12" fill="${MUTED}">` +
        `${10 ** d < 1000 ? `${10 ** d} ms` : `${10 ** d / 1000} s`}</text>`,
    );
  }
  chart.groups.forEach((group, g) => {
    const gx = plot.left + g * groupWidth + (groupWidth - barWidth * chart.series.length) / 2;
    chart.series.forEach((s, i) => {
      const bar = chart.bars[g]?.[i] ?? {};
      const x0 = gx + i * barWidth + 3;
      const w = barWidth - 6;
      const cx = (x0 + w / 2).toFixed(1);
      if (bar.median === undefined) {
        const text = esc(bar.note ?? 'no data');
        parts.push(
          `<text x="${cx}" y="${plot.bottom - 8}" text-anchor="middle" ${FONT} font-size="11.5" font-weight="600" ` +
            `fill="${s.color}" transform="rotate(-90 ${cx} ${plot.bottom - 8})" dx="34">${text}</text>`,
        );
        return;
      }
      const top = y(bar.median);
      parts.push(
        `<rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${w.toFixed(1)}" ` +
          `height="${(plot.bottom - top).toFixed(1)}" fill="${s.color}"><title>${esc(s.name)}, ${esc(group)}: ` +
          `median ${duration(bar.median)}${bar.p95 === undefined ? '' : `, p95 ${duration(bar.p95)}`}</title></rect>`,
      );
      let labelY = top - 6;
      if (bar.p95 !== undefined && bar.p95 > bar.median) {
        const py = y(bar.p95);
        parts.push(`<line x1="${cx}" x2="${cx}" y1="${top.toFixed(1)}" y2="${py.toFixed(1)}" stroke="${TEXT}"/>`);
        parts.push(
          `<line x1="${(x0 + w / 4).toFixed(1)}" x2="${(x0 + (3 * w) / 4).toFixed(1)}" y1="${py.toFixed(1)}" ` +
            `y2="${py.toFixed(1)}" stroke="${TEXT}"/>`,
        );
        labelY = py - 6;
      }
      const note = bar.note ? ` ${bar.note}` : '';
      parts.push(
        `<text x="${cx}" y="${labelY.toFixed(1)}" text-anchor="middle" ${FONT} font-size="11" fill="${TEXT}">` +
          `${esc(duration(bar.median) + note)}</text>`,
      );
    });
    parts.push(
      `<text x="${(plot.left + (g + 0.5) * groupWidth).toFixed(1)}" y="${plot.bottom + 22}" text-anchor="middle" ` +
        `${FONT} font-size="13" font-weight="600" fill="${TEXT}">${esc(group)}</text>`,
    );
  });
  parts.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="${MUTED}"/>`);
  if (chart.footnote)
    parts.push(`<text x="24" y="${height - 18}" ${FONT} font-size="12" fill="${MUTED}">${esc(chart.footnote)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
