// ECharts, loaded only when a chart is on screen (its own chunk, never in the initial bundle).
import { useEffect, useRef } from 'react';

export type ChartOption = Record<string, unknown>;

export default function Chart({ option, label, height = 300 }: { option: ChartOption; label: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption: (option: ChartOption) => void; resize: () => void; dispose: () => void } | null = null;
    const onResize = () => chart?.resize();
    void import('../lib/echarts').then(({ echarts }) => {
      if (disposed || !element.current) return;
      chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
      chart.setOption(option);
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
