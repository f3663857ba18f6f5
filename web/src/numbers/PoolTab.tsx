import { useCallback, useEffect, useState } from 'react';
import { App, Button, Flex, Input, Popconfirm, Select, Space, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, SwapOutlined, TagOutlined, UndoOutlined, UploadOutlined } from '@ant-design/icons';
import { numbers } from '../api/endpoints';
import type { NumberQuery, NumberSeries, NumberStatus, NumberTag, Org, PoolNumber } from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { errorText } from '../common/formErrors';
import { PagedTable } from '../common/PagedTable';
import { useCursorList } from '../common/useCursorList';
import { useI18n } from '../i18n';
import { ImportNumbersModal } from './ImportNumbersModal';
import { NUMBER_STATUSES, NumberStatusTag } from './numberLabels';
import { ReserveModal } from './ReserveModal';

const PAGE_SIZE = 50;
/** Numbers that may leave the pool for a sub-organization's (docs/product.md#numbers). */
const MOVABLE: NumberStatus[] = ['available', 'reserved'];

/** The "Pool" tab: the numbers of the organization's own pool, filtered; import, reserve, release, allocate. */
export function PoolTab({
  org,
  canEdit,
  tags,
  series,
  hasChildren,
  onAllocate,
  onChanged,
  version,
}: {
  org: Org;
  canEdit: boolean;
  tags: NumberTag[];
  series: NumberSeries[];
  hasChildren: boolean;
  onAllocate: (selected: string[]) => void;
  /** The pool changed here (the page re-reads its summaries). */
  onChanged: () => void;
  /** Changes when the pool changed elsewhere on the page, to read it again. */
  version: number;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const [query, setQuery] = useState<NumberQuery>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [importing, setImporting] = useState(false);
  const [reserving, setReserving] = useState<PoolNumber | null>(null);

  const fetchPage = useCallback(
    (cursor: string | null) => numbers.list(org.id, { ...query, cursor, limit: PAGE_SIZE }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` only reads the pool again after allocations and withdrawals
    [org.id, query, version],
  );
  const list = useCursorList(fetchPage);
  useEffect(() => setSelected([]), [version]);

  const refilter = (changes: NumberQuery) => {
    setSelected([]);
    setQuery((prev) => ({ ...prev, ...changes }));
  };
  const changed = () => {
    setSelected([]);
    list.reload();
    onChanged();
  };

  const release = async (n: PoolNumber) => {
    try {
      await numbers.update(n.number, { status: 'available', tag: null });
      message.success(t('numbers.released', { number: n.number }));
      changed();
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    }
  };

  const columns: TableColumnsType<PoolNumber> = [
    {
      title: t('numbers.number'),
      dataIndex: 'number',
      width: 170,
      className: 'phone-number',
      render: (n: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{n}</Typography.Text>,
    },
    {
      title: t('numbers.statusTitle'),
      dataIndex: 'status',
      width: 160,
      render: (s: NumberStatus) => <NumberStatusTag status={s} />,
    },
    { title: t('numbers.tag'), dataIndex: 'tag', render: (tag: string | null) => tag ?? '' },
    { title: t('numbers.series'), dataIndex: 'series', width: 110 },
    {
      title: t('numbers.updated'),
      dataIndex: 'updated_at',
      width: 180,
      render: (value: string, n) =>
        n.quarantined_until
          ? t('numbers.quarantinedUntil', { date: formatDateTime(n.quarantined_until, locale, me.admin.timezone) })
          : formatDateTime(value, locale, me.admin.timezone),
    },
  ];
  if (canEdit) {
    columns.push({
      title: t('subOrgs.actions'),
      key: 'actions',
      width: 110,
      render: (_, n) =>
        n.status === 'available' ? (
          <Tooltip title={t('numbers.reserve.action')}>
            <Button
              type="text"
              icon={<TagOutlined />}
              aria-label={`${t('numbers.reserve.action')} ${n.number}`}
              onClick={() => setReserving(n)}
            />
          </Tooltip>
        ) : n.status === 'reserved' ? (
          <Space size={0}>
            <Tooltip title={t('numbers.reserve.retag')}>
              <Button
                type="text"
                icon={<EditOutlined />}
                aria-label={`${t('numbers.reserve.retag')} ${n.number}`}
                onClick={() => setReserving(n)}
              />
            </Tooltip>
            <Popconfirm
              title={t('numbers.releaseConfirm', { number: n.number })}
              okText={t('common.yes')}
              cancelText={t('common.no')}
              // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
              onConfirm={() => release(n)}
            >
              <Tooltip title={t('numbers.release')}>
                <Button type="text" icon={<UndoOutlined />} aria-label={`${t('numbers.release')} ${n.number}`} />
              </Tooltip>
            </Popconfirm>
          </Space>
        ) : null,
    });
  }

  return (
    <>
      <Flex gap={12} align="center" wrap justify="space-between" style={{ marginBottom: 12 }}>
        <Flex gap={12} align="center" wrap>
          <Input.Search
            allowClear
            placeholder={t('numbers.search')}
            aria-label={t('numbers.search')}
            onSearch={(value) => refilter({ q: value.trim() || undefined })}
            style={{ width: 220 }}
          />
          <Select<NumberStatus>
            allowClear
            placeholder={t('numbers.allStatuses')}
            aria-label={t('numbers.statusTitle')}
            style={{ width: 180 }}
            data-testid="numbers-status-filter"
            value={query.status}
            onChange={(status) => refilter({ status })}
            options={NUMBER_STATUSES.map((s) => ({ value: s, label: t(`numbers.status.${s}`) }))}
          />
          <Select<string>
            allowClear
            showSearch
            placeholder={t('numbers.allTags')}
            aria-label={t('numbers.tag')}
            style={{ width: 160 }}
            value={query.tag}
            onChange={(tag) => refilter({ tag })}
            options={tags.map((tag) => ({ value: tag.tag, label: tag.tag }))}
          />
          <Select<string>
            allowClear
            showSearch
            placeholder={t('numbers.allSeries')}
            aria-label={t('numbers.series')}
            style={{ width: 160 }}
            value={query.series}
            onChange={(s) => refilter({ series: s })}
            options={series.map((s) => ({
              value: s.series,
              label: t('numbers.seriesOption', { series: s.series, count: s.available }),
            }))}
          />
        </Flex>
        {canEdit && (
          <Space wrap>
            {!org.parent_id && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('numbers.import.title')}
              </Button>
            )}
            <Tooltip title={hasChildren ? undefined : t('numbers.allocate.noChildren')}>
              <Button type="primary" icon={<SwapOutlined />} disabled={!hasChildren} onClick={() => onAllocate(selected)}>
                {selected.length ? t('numbers.allocate.selectedButton', { count: selected.length }) : t('numbers.allocate.title')}
              </Button>
            </Tooltip>
          </Space>
        )}
      </Flex>
      <PagedTable<PoolNumber>
        list={list}
        rowKey="number"
        size="middle"
        data-testid="numbers-table"
        columns={columns}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('numbers.empty') }}
        rowSelection={
          canEdit && hasChildren
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(String)),
                getCheckboxProps: (n) => ({ disabled: !MOVABLE.includes(n.status), 'aria-label': n.number }),
              }
            : undefined
        }
      />
      <ImportNumbersModal orgId={org.id} open={importing} onClose={() => setImporting(false)} onImported={changed} />
      <ReserveModal
        number={reserving}
        onClose={() => setReserving(null)}
        onSaved={(saved) => {
          message.success(t('numbers.reserved', { number: saved.number, tag: saved.tag ?? '' }));
          setReserving(null);
          changed();
        }}
      />
    </>
  );
}
