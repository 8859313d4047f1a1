// Registers only the ECharts pieces the dashboard uses, with the SVG renderer, to keep the bundle small.
// Add a chart or component here (and to ChartOption) before using it in an option.
import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { init, use } from 'echarts/core';
import type { ComposeOption, EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | GridComponentOption | TooltipComponentOption
>;

export type ChartInstance = EChartsType;

export function createChart(element: HTMLElement): ChartInstance {
  return init(element, undefined, { renderer: 'svg' });
}
