import { useState } from 'react';
import { App, Button, InputNumber, Modal, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { orgs } from '../api/endpoints';
import { useSession } from '../auth/session';
import { errorText } from '../common/formErrors';
import { formatPercent } from '../common/format';
import { useI18n } from '../i18n';

/**
 * "Utilization Threshold: n%" with, for those who may edit Number Management, the Edit icon and
 * the Manage Threshold dialog (1–100%, the organization's `utilization_threshold_pct`). What the
 * admin types is sent as typed or refused: no min/max on the field (InputNumber would clamp to
 * them on blur) and no default for an emptied field.
 */
export function UtilizationThreshold({ orgId, pct, onSaved }: { orgId: string; pct: number; onSaved: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (!open) return;
    if (editing === null || !Number.isInteger(editing) || editing < 1 || editing > 100) {
      setInvalid(true);
      return;
    }
    setSaving(true);
    try {
      await orgs.updateSettings(orgId, { utilization_threshold_pct: editing });
      message.success(t('numbers.util.thresholdSaved', { pct: formatPercent(editing, locale) }));
      setOpen(false);
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
        {t('numbers.util.threshold', { pct: formatPercent(pct, locale) })}
        {can('setup.edit.number_management') && (
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            aria-label={t('numbers.util.editThreshold')}
            onClick={() => {
              setEditing(pct);
              setInvalid(false);
              setOpen(true);
            }}
          />
        )}
      </Typography.Text>
      <Modal
        open={open}
        title={t('numbers.util.editThreshold')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
      >
        <Typography.Paragraph>{t('numbers.util.thresholdHelp')}</Typography.Paragraph>
        <InputNumber
          addonAfter="%"
          value={editing}
          status={invalid ? 'error' : undefined}
          onChange={(v) => {
            setEditing(typeof v === 'number' ? v : null);
            setInvalid(false);
          }}
          onPressEnter={() => void save()}
          aria-label={t('numbers.util.thresholdLabel')}
          aria-invalid={invalid}
        />
        {invalid && (
          <Typography.Paragraph type="danger" role="alert" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('numbers.util.thresholdRange')}
          </Typography.Paragraph>
        )}
      </Modal>
    </>
  );
}
