// Only the ECharts parts the screens use (tree-shaken build). Bars are all the dashboard draws, so this
// chunk holds only them; the analytics scatter (coloured by a visual map) is registered by
// echarts-scatter.ts, loaded by Chart only for an option that needs it (about 22 KB gzipped less on the dashboard).
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { echarts };

/** Whether an option needs the parts in echarts-scatter.ts. */
export function needsScatter(option: Record<string, unknown>): boolean {
  const series = Array.isArray(option.series) ? option.series : [option.series];
  return Boolean(option.visualMap) || series.some((item) => (item as { type?: string } | undefined)?.type === 'scatter');
}
