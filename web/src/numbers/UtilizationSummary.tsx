import { useState } from 'react';
import { App, Button, Card, Col, Flex, InputNumber, Modal, Progress, Row, Statistic, Tooltip, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { orgs } from '../api/endpoints';
import type { Utilization } from '../api/types';
import { useSession } from '../auth/session';
import type { ApiData } from '../common/useApiData';
import { ErrorNotice } from '../common/ErrorNotice';
import { errorText } from '../common/formErrors';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';

/** The detailed report of SPEC §5, in the order of the seed's dashboard. */
const FIELDS: [keyof Utilization, MessageKey][] = [
  ['total', 'numbers.util.total'],
  ['activated', 'numbers.util.activated'],
  ['allocated_to_suborgs', 'numbers.util.allocated'],
  ['assigned', 'numbers.util.assigned'],
  ['available', 'numbers.util.available'],
  ['pending_invitation', 'numbers.util.pending'],
  ['reserved', 'numbers.util.reserved'],
  ['quarantined', 'numbers.util.quarantined'],
  ['in_use', 'numbers.util.inUse'],
];

/** Number utilization of the organization (its subtree), with the threshold and its edit. */
export function UtilizationSummary({ orgId, data }: { orgId: string; data: ApiData<Utilization> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [editing, setEditing] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const u = data.data;

  const saveThreshold = async () => {
    if (editing === null) return;
    setSaving(true);
    try {
      await orgs.updateSettings(orgId, { utilization_threshold_pct: editing });
      message.success(t('numbers.util.thresholdSaved', { pct: editing }));
      setEditing(null);
      await data.reload();
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    } finally {
      setSaving(false);
    }
  };

  const pct = u ? Math.round(u.utilization_pct * 10) / 10 : 0;
  return (
    <Card size="small" title={t('numbers.util.title')} style={{ marginBottom: 16 }} data-testid="utilization" loading={!u && !data.error}>
      <ErrorNotice error={data.error} onRetry={() => void data.reload()} />
      {u && (
        <Flex gap={24} wrap align="center">
          <Tooltip title={t('numbers.util.pctHelp')}>
            <Progress
              type="dashboard"
              percent={pct}
              size={110}
              status={pct >= u.threshold_pct ? 'exception' : 'normal'}
              format={() => `${pct}%`}
            />
          </Tooltip>
          <Flex vertical gap={4} style={{ minWidth: 180 }}>
            <Typography.Text>
              {t('numbers.util.threshold', { pct: u.threshold_pct })}
              {can('setup.edit.number_management') && (
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={t('numbers.util.editThreshold')}
                  onClick={() => setEditing(u.threshold_pct)}
                />
              )}
            </Typography.Text>
            <Typography.Text type="secondary">{t('numbers.util.thresholdHelp')}</Typography.Text>
          </Flex>
          <Row gutter={[24, 8]} style={{ flex: 1, minWidth: 320 }}>
            {FIELDS.map(([field, label]) => (
              <Col key={field} xs={12} sm={8} xl={6} xxl={4}>
                <Statistic title={t(label)} value={u[field]} valueStyle={{ fontSize: 20 }} data-testid={`util-${field}`} />
              </Col>
            ))}
          </Row>
        </Flex>
      )}
      <Modal
        open={editing !== null}
        title={t('numbers.util.editThreshold')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void saveThreshold()}
        onCancel={() => setEditing(null)}
      >
        <Typography.Paragraph>{t('numbers.util.thresholdHelp')}</Typography.Paragraph>
        <InputNumber
          min={1}
          max={100}
          precision={0}
          addonAfter="%"
          value={editing}
          onChange={(v) => setEditing(v ?? 1)}
          aria-label={t('numbers.util.thresholdLabel')}
        />
      </Modal>
    </Card>
  );
}
