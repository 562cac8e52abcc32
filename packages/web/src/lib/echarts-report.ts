// The ECharts parts only the report builder draws: lines, pies and donuts, funnels, and the legend.
// Loaded by Chart only for an option that needs them, so the dashboard's chunk stays bars-only.
import { FunnelChart, LineChart, PieChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import { echarts } from './echarts';

echarts.use([LineChart, PieChart, FunnelChart, LegendComponent]);

export { echarts };
