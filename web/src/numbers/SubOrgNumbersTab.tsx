import { Button, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import type { SubOrgNumbers } from '../api/types';
import type { ApiData } from '../common/useApiData';
import { ErrorNotice } from '../common/ErrorNotice';
import { useI18n } from '../i18n';

/** "Allocated to Sub-Organization": the direct children with the numbers of their pools. */
export function SubOrgNumbersTab({
  data,
  canEdit,
  onAllocate,
  onWithdraw,
}: {
  data: ApiData<{ items: SubOrgNumbers[] }>;
  canEdit: boolean;
  onAllocate: (child: SubOrgNumbers) => void;
  onWithdraw: (child: SubOrgNumbers) => void;
}) {
  const { t } = useI18n();
  const columns: TableColumnsType<SubOrgNumbers> = [
    { title: t('numbers.suborg'), dataIndex: 'org_name', ellipsis: true },
    { title: t('numbers.util.total'), dataIndex: 'total', width: 140, align: 'right' },
    { title: t('numbers.util.available'), dataIndex: 'available', width: 140, align: 'right' },
  ];
  if (canEdit) {
    columns.push({
      title: t('subOrgs.actions'),
      key: 'actions',
      width: 330,
      render: (_, child) => (
        <Space wrap size={4}>
          <Button
            size="small"
            icon={<SwapOutlined />}
            onClick={() => onAllocate(child)}
            aria-label={`${t('numbers.allocate.ok')} ${child.org_name}`}
          >
            {t('numbers.allocate.ok')}
          </Button>
          <Button
            size="small"
            icon={<RollbackOutlined />}
            disabled={child.available === 0}
            onClick={() => onWithdraw(child)}
            aria-label={`${t('numbers.withdraw.title')} ${child.org_name}`}
          >
            {t('numbers.withdraw.title')}
          </Button>
        </Space>
      ),
    });
  }
  return (
    <>
      <Typography.Paragraph type="secondary">{t('numbers.suborgsIntro')}</Typography.Paragraph>
      <ErrorNotice error={data.error} onRetry={() => void data.reload()} />
      <Table<SubOrgNumbers>
        rowKey="org_id"
        size="middle"
        data-testid="suborg-numbers-table"
        columns={columns}
        dataSource={data.data?.items ?? []}
        loading={data.loading}
        pagination={false}
        locale={{ emptyText: t('numbers.noSuborgs') }}
      />
    </>
  );
}
