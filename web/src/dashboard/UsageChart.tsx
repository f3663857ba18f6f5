import { useMemo } from 'react';
import { theme } from 'antd';
import type { UsagePoint, UsageType } from '../api/types';
import { EChart } from '../common/EChart';
import type { ChartOption } from '../common/EChart';
import { formatBytes, formatCount, formatDuration, formatLocalDate } from '../common/usageFormat';

/** The axis unit for the largest value of a series: a divisor and its name. */
function axisUnit(type: UsageType, max: number): { divisor: number; name: string } {
  if (type === 'voice') return max >= 3 * 3600 ? { divisor: 3600, name: 'h' } : { divisor: 60, name: 'min' };
  if (type === 'data') {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let k = 0;
    while (k < units.length - 1 && max >= 1024 ** (k + 1)) k += 1;
    return { divisor: 1024 ** k, name: units[k] };
  }
  return { divisor: 1, name: '' };
}

interface Props {
  type: UsageType;
  series: UsagePoint[];
  locale: string;
  label: string;
}

/** The billable usage of each day of the current cycle, as bars. */
export function UsageChart({ type, series, locale, label }: Props) {
  const { token } = theme.useToken();
  const option = useMemo<ChartOption>(() => {
    const max = series.reduce((m, p) => Math.max(m, p.quantity), 0);
    const unit = axisUnit(type, max);
    const readable = (q: number) =>
      type === 'voice' ? formatDuration(q, locale) : type === 'data' ? formatBytes(q, locale) : formatCount(q, locale);
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const [p] = params as { dataIndex: number }[];
          const point = p ? series[p.dataIndex] : undefined;
          return point
            ? `${formatLocalDate(point.date, locale, { month: 'short', day: 'numeric' })}<br/><b>${readable(point.quantity)}</b>`
            : '';
        },
      },
      xAxis: {
        type: 'category',
        data: series.map((p) => String(Number(p.date.slice(8)))),
        axisTick: { alignWithLabel: true },
      },
      yAxis: {
        type: 'value',
        name: unit.name,
        minInterval: type === 'message' ? 1 : undefined,
        axisLabel: { formatter: (v: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v) },
      },
      series: [
        {
          type: 'bar',
          name: label,
          data: series.map((p) => p.quantity / unit.divisor),
          itemStyle: { color: token.colorPrimary, borderRadius: [3, 3, 0, 0] },
          barMaxWidth: 24,
        },
      ],
    };
  }, [type, series, locale, label, token.colorPrimary]);

  return <EChart option={option} height={300} label={label} data-testid="usage-chart" />;
}
