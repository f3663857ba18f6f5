import { Tag } from 'antd';
import type { NumberMove, NumberStatus } from '../api/types';
import type { ResultsReport } from '../common/ResultsModal';
import { useI18n } from '../i18n';
import type { Translate } from '../i18n';

export const NUMBER_STATUSES: NumberStatus[] = [
  'available',
  'reserved',
  'pending_invitation',
  'assigned',
  'activated',
  'quarantined',
];

const COLOR: Record<NumberStatus, string> = {
  available: 'green',
  reserved: 'gold',
  pending_invitation: 'blue',
  assigned: 'geekblue',
  activated: 'purple',
  quarantined: 'default',
};

export function NumberStatusTag({ status }: { status: NumberStatus }) {
  const { t } = useI18n();
  return <Tag color={COLOR[status]}>{t(`numbers.status.${status}`)}</Tag>;
}

/** The per-number report of an allocation or a withdrawal. */
export function moveReport(t: Translate, title: string, move: NumberMove): ResultsReport {
  return {
    title,
    summary: t('numbers.movedSummary', { moved: move.moved, total: move.results.length }),
    labelTitle: t('numbers.number'),
    rows: move.results.map((r) => ({
      key: `${r.line}`,
      label: r.number ?? r.input,
      ok: r.result === 'moved',
      result: t(r.result === 'moved' ? 'numbers.result.moved' : 'results.error'),
      message: r.message,
    })),
  };
}
