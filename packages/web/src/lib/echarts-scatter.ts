// The ECharts parts only the analytics rules scatter uses: scatter series and a continuous visual map.
import { ScatterChart } from 'echarts/charts';
import { VisualMapContinuousComponent } from 'echarts/components';
import { echarts } from './echarts';

echarts.use([ScatterChart, VisualMapContinuousComponent]);

export { echarts };
