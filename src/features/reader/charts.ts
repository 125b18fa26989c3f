// Charts rendered on the server with ECharts' SVG renderer (STACK.md), shipped as data: URLs in
// <img> elements: the page's Content Security Policy forbids the inline styles ECharts writes into
// its SVG, while an image is its own document. Every chart sits next to a table of its numbers.

import { createRequire } from 'node:module';

// ECharts takes a second or more of CPU to load: loaded on the first chart, not by every command
// that imports the app.
type ECharts = typeof import('echarts');
let echartsModule: ECharts | undefined;
const echarts = () => {
  echartsModule ??= createRequire(import.meta.url)('echarts') as ECharts;
  return echartsModule;
};

export interface Series {
  name: string;
  /** One value per year; null where there is no report or no figure. */
  values: (number | null)[];
  /** Years whose report has identities that fail: drawn as a red triangle. */
  failing: boolean[];
}

const PALETTE = ['#1f5fa8', '#b35c00', '#2e7d32', '#6a1b9a', '#00838f', '#5d4037', '#c2185b', '#455a64'];
const FAIL = '#b00020';

/** A line chart of values over years, one line per series, as an SVG data URL. */
export function trendChart(p: { title: string; unit: string; years: number[]; series: Series[]; width?: number; height?: number }): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: p.width ?? 720, height: p.height ?? 320 });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      title: { text: p.title, left: 'center', textStyle: { fontSize: 14, fontWeight: 'normal' } },
      legend: { bottom: 0, type: 'plain' },
      grid: { left: 70, right: 24, top: 40, bottom: 56 },
      xAxis: { type: 'category', data: p.years.map(String) },
      yAxis: { type: 'value', name: p.unit, minInterval: 1 },
      series: p.series.map((s) => ({
        name: s.name,
        type: 'line',
        connectNulls: false,
        data: s.values.map((v, i) =>
          s.failing[i] && v !== null ? { value: v, symbol: 'triangle', symbolSize: 12, itemStyle: { color: FAIL } } : v,
        ),
      })),
    });
    return `data:image/svg+xml;base64,${Buffer.from(chart.renderToSVGString()).toString('base64')}`;
  } finally {
    chart.dispose();
  }
}
