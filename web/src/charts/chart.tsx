import { useEffect, useRef } from 'react';
import type { HTMLAttributes } from 'react';
import { createChart } from './echarts';
import type { ChartInstance, ChartOption } from './echarts';

export interface ChartProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  option: ChartOption;
  /** CSS height of the chart area; ECharts needs a sized container. */
  height?: number | string;
}

/** An ECharts chart (SVG renderer) that follows its container's size and is disposed on unmount. */
export function Chart({ option, height = 280, style, ...rest }: ChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ChartInstance | null>(null);

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const chart = createChart(element);
    chartRef.current = chart;
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      chartRef.current = null;
      chart.dispose();
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={containerRef} style={{ width: '100%', height, ...style }} {...rest} />;
}
