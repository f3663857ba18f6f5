import { useEffect, useState } from 'react';
import { Alert, Input, List, Modal, Radio, Spin, Tooltip, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { accounts } from '../api/endpoints';
import type { MoveOption } from '../api/types';
import { errorText } from '../common/formErrors';
import { useI18n } from '../i18n';

/**
 * "Move": the organizations the accounts can go to, as a tree. One that cannot take them (not
 * enough numbers for their pending invitations) is disabled and says why on mouse hover.
 */
export function MoveAccountsModal({
  accountIds,
  onClose,
  onMoved,
}: {
  /** The accounts to move; null when closed. */
  accountIds: string[] | null;
  onClose: () => void;
  onMoved: (moved: number, to: MoveOption) => void;
}) {
  const { t } = useI18n();
  const [options, setOptions] = useState<MoveOption[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    setOptions(null);
    setChosen(null);
    setFilter('');
    setNotice(null);
    if (!accountIds) return;
    let live = true;
    accounts
      .moveOptions(accountIds)
      .then(({ items }) => live && setOptions(items))
      .catch((e: unknown) => live && setNotice(errorText(e, t('common.errorGeneric'))));
    return () => {
      live = false;
    };
  }, [accountIds, t]);

  const move = async () => {
    const to = options?.find((o) => o.org_id === chosen);
    if (!accountIds || !to) return;
    setBusy(true);
    setNotice(null);
    try {
      const { moved } = await accounts.move(accountIds, to.org_id);
      onMoved(moved, to);
    } catch (e) {
      setNotice(e instanceof DomainError ? e.detail : t('common.errorGeneric'));
    } finally {
      setBusy(false);
    }
  };

  const needle = filter.trim().toLowerCase();
  const shown = (options ?? []).filter((o) => !needle || o.org_name.toLowerCase().includes(needle));
  const chosenOption = options?.find((o) => o.org_id === chosen);
  const minDepth = Math.min(...(options ?? []).map((o) => o.depth));

  return (
    <Modal
      open={accountIds !== null}
      title={t('accounts.move.title', { count: accountIds?.length ?? 0 })}
      okText={t('accounts.move.ok')}
      cancelText={t('common.cancel')}
      onOk={() => void move()}
      okButtonProps={{ disabled: !chosenOption?.allowed, loading: busy }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('accounts.move.intro')}</Typography.Paragraph>
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 12 }} />}
      {!options && !notice && <Spin style={{ display: 'block', margin: '24px auto' }} />}
      {options && (
        <>
          {options.length > 10 && (
            <Input.Search
              allowClear
              placeholder={t('accounts.move.search')}
              onChange={(e) => setFilter(e.target.value)}
              style={{ marginBottom: 8 }}
            />
          )}
          <Radio.Group value={chosen} onChange={(e) => setChosen(e.target.value as string)} style={{ width: '100%' }}>
            <List
              size="small"
              bordered
              data-testid="move-destinations"
              style={{ maxHeight: '50vh', overflowY: 'auto' }}
              locale={{ emptyText: t('accounts.move.none') }}
              dataSource={shown}
              renderItem={(option) => {
                const row = (
                  <Radio value={option.org_id} disabled={!option.allowed} data-testid="move-destination">
                    <ApartmentOutlined /> {option.org_name}
                  </Radio>
                );
                return (
                  <List.Item style={{ paddingInlineStart: 12 + 20 * (option.depth - minDepth) }}>
                    {option.allowed ? (
                      row
                    ) : (
                      // A disabled control swallows the pointer: the tooltip listens on a wrapper.
                      <Tooltip title={option.reason ?? t('accounts.move.notAllowed')} placement="right">
                        <span data-testid="move-destination-disabled">{row}</span>
                      </Tooltip>
                    )}
                  </List.Item>
                );
              }}
            />
          </Radio.Group>
        </>
      )}
    </Modal>
  );
}
