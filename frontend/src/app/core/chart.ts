import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  input,
  NgZone,
} from '@angular/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the dashboards draw, so the lazy chunk stays small.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
]);

export type ChartOptions = echarts.EChartsCoreOption;

let canvasSupport: boolean | undefined;
/** Some browsers (and test DOMs) have no 2D canvas; the numbers are in the tables next to every chart. */
function canDraw(): boolean {
  canvasSupport ??= !!document.createElement('canvas').getContext('2d');
  return canvasSupport;
}

/**
 * An ECharts canvas that follows its `options` and its own size. Text takes the host's colour so
 * labels stay readable in the dark theme. The chart is an image to assistive technology: every
 * chart in the app has a table with the same numbers next to it.
 */
@Component({
  selector: 'tg-chart',
  template: '',
  styles: ':host { display: block; position: relative; min-height: 120px; }',
  host: { role: 'img', '[attr.aria-label]': 'label()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Chart {
  readonly options = input.required<ChartOptions>();
  /** What the chart shows, for screen readers. */
  readonly label = input.required<string>();

  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private chart: echarts.ECharts | undefined;

  constructor() {
    const zone = inject(NgZone);
    afterRenderEffect({
      write: () => {
        const options = this.options();
        if (!canDraw()) return;
        // ECharts animates with requestAnimationFrame; none of that needs change detection.
        zone.runOutsideAngular(() => {
          this.chart ??= echarts.init(this.host, null, { renderer: 'canvas' });
          const color = getComputedStyle(this.host).color;
          this.chart.setOption({ textStyle: { color }, ...options }, { notMerge: true });
        });
      },
    });

    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.chart?.resize());
    resize?.observe(this.host);
    inject(DestroyRef).onDestroy(() => {
      resize?.disconnect();
      this.chart?.dispose();
    });
  }
}
