import { useState } from 'react';
import { App, Button, InputNumber, Modal, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { orgs } from '../api/endpoints';
import { useSession } from '../auth/session';
import { errorText } from '../common/formErrors';
import { useI18n } from '../i18n';

/**
 * "Utilization Threshold: n%" with, for those who may edit Number Management, the Edit icon and
 * the Manage Threshold dialog (1–100%, the organization's `utilization_threshold_pct`).
 */
export function UtilizationThreshold({ orgId, pct, onSaved }: { orgId: string; pct: number; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [editing, setEditing] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (editing === null) return;
    setSaving(true);
    try {
      await orgs.updateSettings(orgId, { utilization_threshold_pct: editing });
      message.success(t('numbers.util.thresholdSaved', { pct: editing }));
      setEditing(null);
      await onSaved();
    } catch (e) {
      message.error(errorText(e, t('common.errorGeneric')));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Typography.Text data-testid="utilization-threshold">
        {t('numbers.util.threshold', { pct })}
        {can('setup.edit.number_management') && (
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            aria-label={t('numbers.util.editThreshold')}
            onClick={() => setEditing(pct)}
          />
        )}
      </Typography.Text>
      <Modal
        open={editing !== null}
        title={t('numbers.util.editThreshold')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void save()}
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
    </>
  );
}
