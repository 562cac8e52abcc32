// ECharts, loaded only when a chart is on screen (its own chunk, never in the initial bundle).
import { useEffect, useRef } from 'react';
import { needsReportCharts } from '../lib/report-builder';

export type ChartOption = Record<string, unknown>;

/** What a click on a bar, slice or point reports. */
export interface ChartClick {
  dataIndex: number;
  seriesIndex: number;
  name: string;
}

export default function Chart({ option, label, height = 300, onClick }: { option: ChartOption; label: string; height?: number; onClick?: (item: ChartClick) => void }) {
  const element = useRef<HTMLDivElement>(null);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
  }, [onClick]);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption: (option: ChartOption) => void; resize: () => void; dispose: () => void } | null = null;
    const onResize = () => chart?.resize();
    void import('../lib/echarts').then(async ({ echarts, needsScatter }) => {
      if (needsScatter(option)) await import('../lib/echarts-scatter');
      if (needsReportCharts(option)) await import('../lib/echarts-report');
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
      instance.setOption(option);
      instance.on('click', (item) => click.current?.(item as unknown as ChartClick));
      chart = instance;
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />;
}
