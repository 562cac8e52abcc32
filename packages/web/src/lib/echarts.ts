// Only the ECharts parts the dashboard and the analytics screens use (tree-shaken build).
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, PieChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, FunnelChart, PieChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, VisualMapContinuousComponent, CanvasRenderer]);

export { echarts };
