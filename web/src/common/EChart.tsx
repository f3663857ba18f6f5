import { useEffect, useRef } from 'react';
import type { CSSProperties } from 'react';
// ECharts' `use` registers chart parts; renamed so that it does not read as React's `use` hook.
import { init, use as registerParts } from 'echarts/core';
import type { ComposeOption, EChartsType } from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the portal draws is registered, so the bundle carries only these parts of ECharts.
registerParts([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The options the registered parts understand (a type error for anything else). */
export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

interface Props {
  option: ChartOption;
  height: number;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  /** A click anywhere on the chart, not only on a bar or slice. */
  onClick?: () => void;
  style?: CSSProperties;
  'data-testid'?: string;
}

/**
 * An ECharts chart in a div: created on mount, given each new `option` (not merged with the
 * previous one), resized with its box, disposed on unmount.
 */
export function EChart({ option, height, label, onClick, style, 'data-testid': testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element);
    chart.current = instance;
    // The zrender layer sees clicks on the empty parts of the canvas too.
    instance.getZr().on('click', () => clickRef.current?.());
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined, ...style }}
    />
  );
}
