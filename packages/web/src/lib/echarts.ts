// Only the ECharts parts the dashboard uses (tree-shaken build).
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, FunnelChart, PieChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

export { echarts };
