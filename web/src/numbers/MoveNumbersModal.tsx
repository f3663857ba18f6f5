import { useEffect, useState } from 'react';
import { Alert, Form, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { numbers } from '../api/endpoints';
import type { NumberMove, NumberSelection, NumberSeries, SubOrgNumbers } from '../api/types';
import { errorText } from '../common/formErrors';
import { useI18n } from '../i18n';

export type MoveNumbersTarget =
  /** Down to a direct child: by count (optionally of one series) or the numbers selected in the pool. */
  | { kind: 'allocate'; toOrgId?: string; selected: string[] }
  /** Back up from a direct child: only its available numbers. */
  | { kind: 'withdraw'; from: SubOrgNumbers };

interface Values {
  to_org_id?: string;
  method: 'count' | 'selected';
  count?: number;
  series?: string;
}

/** "Allocate to Sub-Organization" and "Withdraw Numbers". */
export function MoveNumbersModal({
  orgId,
  target,
  subOrgs,
  series,
  onClose,
  onMoved,
}: {
  orgId: string;
  target: MoveNumbersTarget | null;
  /** The direct children, with the numbers of their pools. */
  subOrgs: SubOrgNumbers[];
  /** The series of this organization's pool. */
  series: NumberSeries[];
  onClose: () => void;
  onMoved: (move: NumberMove) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const method = Form.useWatch('method', form);
  const chosenSeries = Form.useWatch('series', form);
  const selected = target?.kind === 'allocate' ? target.selected : [];

  useEffect(() => {
    setNotice(null);
    form.resetFields();
    if (target?.kind === 'allocate') {
      form.setFieldsValue({ to_org_id: target.toOrgId, method: target.selected.length ? 'selected' : 'count' });
    } else if (target) {
      form.setFieldsValue({ method: 'count' });
    }
  }, [target, form]);

  const availableHere = chosenSeries
    ? (series.find((s) => s.series === chosenSeries)?.available ?? 0)
    : series.reduce((sum, s) => sum + s.available, 0);
  const max = target?.kind === 'withdraw' ? target.from.available : availableHere;

  const submit = async (values: Values) => {
    if (!target) return;
    setBusy(true);
    setNotice(null);
    const selection: NumberSelection =
      target.kind === 'allocate' && values.method === 'selected'
        ? { numbers: selected }
        : { count: values.count, ...(values.series ? { series: values.series } : {}) };
    try {
      onMoved(
        target.kind === 'allocate'
          ? await numbers.allocate(orgId, values.to_org_id ?? '', selection)
          : await numbers.withdraw(orgId, target.from.org_id, selection),
      );
    } catch (e) {
      setNotice(errorText(e, t('common.errorGeneric')));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = target?.kind === 'withdraw';
  return (
    <Modal
      open={target !== null}
      title={withdraw ? t('numbers.withdraw.title') : t('numbers.allocate.title')}
      okText={withdraw ? t('numbers.withdraw.ok') : t('numbers.allocate.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} name="move-numbers">
        {target?.kind === 'withdraw' ? (
          <Typography.Paragraph>
            {t('numbers.withdraw.intro', { name: target.from.org_name, available: target.from.available })}
          </Typography.Paragraph>
        ) : (
          <>
            <Form.Item
              name="to_org_id"
              label={t('numbers.allocate.to')}
              rules={[{ required: true, message: t('numbers.allocate.toRequired') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                options={subOrgs.map((c) => ({ value: c.org_id, label: c.org_name }))}
                notFoundContent={t('numbers.allocate.noChildren')}
              />
            </Form.Item>
            <Form.Item name="method" label={t('numbers.allocate.how')}>
              <Radio.Group>
                <Radio value="count">{t('numbers.allocate.byCount')}</Radio>
                <Radio value="selected" disabled={selected.length === 0}>
                  {selected.length ? t('numbers.allocate.selected', { count: selected.length }) : t('numbers.allocate.selectNone')}
                </Radio>
              </Radio.Group>
            </Form.Item>
            {method === 'count' && (
              <Form.Item name="series" label={t('numbers.series')} extra={t('numbers.allocate.seriesHelp')}>
                <Select
                  allowClear
                  placeholder={t('numbers.allocate.anySeries')}
                  options={series.map((s) => ({
                    value: s.series,
                    label: t('numbers.seriesOption', { series: s.series, count: s.available }),
                  }))}
                />
              </Form.Item>
            )}
          </>
        )}
        {(withdraw || method === 'count') && (
          <Form.Item
            name="count"
            label={t('numbers.count')}
            extra={t('numbers.available', { count: max })}
            rules={[
              { required: true, message: t('numbers.countRequired') },
              {
                // Refused, never clamped: InputNumber's min/max would silently change what was typed.
                validator: (_, value: number | null | undefined) => {
                  if (value === null || value === undefined) return Promise.resolve();
                  if (!Number.isInteger(value) || value < 1) return Promise.reject(new Error(t('numbers.countWhole')));
                  if (value > max)
                    return Promise.reject(
                      new Error(max === 0 ? t('numbers.countNoneAvailable') : t('numbers.countTooMany', { count: max })),
                    );
                  return Promise.resolve();
                },
              },
            ]}
          >
            <InputNumber style={{ width: 200 }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
