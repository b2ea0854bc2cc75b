import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';

let loaded: typeof Echarts | undefined;

/**
 * ECharts, loaded by the first chart rather than at start-up (issue 10), and as its one-file build
 * (`require`): importing its ES modules reads ~1,600 files (~0.5 s of CPU), the bundle ~0.08 s.
 */
function echarts(): typeof Echarts {
  loaded ??= createRequire(import.meta.url)('echarts') as typeof Echarts;
  return loaded;
}

/**
 * Charts rendered on the server as SVG by ECharts (no script reaches the browser). The SVG is made
 * CSP-safe: ECharts writes font settings in `style` attributes and a `<style>` element, which the
 * Content-Security-Policy (styles by hash only) would drop; they become presentation attributes.
 */
export function renderChart(option: Echarts.EChartsOption, size: { width: number; height: number }): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, ...option });
    return cspSafe(chart.renderToSVGString());
  } finally {
    // Without dispose the chart's timers keep the process alive.
    chart.dispose();
  }
}

function cspSafe(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_m, css: string) =>
      css
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => {
          const i = d.indexOf(':');
          const name = d.slice(0, i).trim();
          const value = d.slice(i + 1).trim().replace(/"/g, "'");
          return /^(font-size|font-family|font-weight|font-style|fill|stroke|opacity)$/.test(name) ? ` ${name}="${value}"` : '';
        })
        .join(''),
    )
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/<svg /, '<svg focusable="false" aria-hidden="true" preserveAspectRatio="xMinYMin meet" ');
}

const PATTERN_FILL = '#2f7fb8';

/** Horizontal bars of progress (0–100 %) per label, the value written at the end of each bar. */
export function progressBars(rows: { label: string; percent: number | null }[], noneLabel: string): string {
  const height = Math.max(80, 28 * rows.length + 40);
  const labels = rows.map((r) => (r.label.length > 38 ? `${r.label.slice(0, 37)}…` : r.label));
  return renderChart(
    {
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %', color: '#333' } },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { color: '#1a1a1a', fontSize: 12 } },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => r.percent ?? 0),
          itemStyle: { color: PATTERN_FILL },
          barMaxWidth: 18,
          label: {
            show: true,
            position: 'right',
            color: '#1a1a1a',
            formatter: (p: { dataIndex: number }) => {
              const v = rows[p.dataIndex]?.percent;
              return v === null || v === undefined ? noneLabel : `${v} %`;
            },
          },
        },
      ],
    },
    { width: 640, height },
  );
}
