import { useEffect, useState } from 'react';
import { Alert, App, Breadcrumb, Button, Flex, List, Modal, Radio, Typography } from 'antd';
import { ApartmentOutlined, RightOutlined } from '@ant-design/icons';
import type { OrgRef } from '../api/types';
import { useMe } from '../auth/session';
import { useI18n } from '../i18n';
import { useCurrentOrg } from './currentOrg';
import { useChildren } from './useChildren';

/**
 * "Choose Sub-Organization": browse down from the admin's home organization, one level
 * at a time, pick one and Apply.
 */
export function OrgPicker({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { org: current, select } = useCurrentOrg();
  const home: OrgRef = { id: me.org.id, name: me.org.name };
  const [trail, setTrail] = useState<OrgRef[]>([home]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);
  const level = trail[trail.length - 1];
  const children = useChildren(open ? level.id : null, 50);

  // Every opening starts again at the top, with the current organization chosen.
  useEffect(() => {
    if (open) {
      setTrail([{ id: me.org.id, name: me.org.name }]);
      setChosen(current?.id ?? null);
    }
  }, [open, me.org.id, me.org.name, current?.id]);

  const drillInto = (ref: OrgRef) => {
    setTrail((prev) => [...prev, ref]);
    setChosen(ref.id);
  };

  const apply = async () => {
    if (!chosen) return;
    setApplying(true);
    try {
      await select(chosen);
      onClose();
    } catch {
      message.error(t('common.errorGeneric'));
    } finally {
      setApplying(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('picker.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="apply" type="primary" loading={applying} disabled={!chosen} onClick={() => void apply()}>
          {t('common.apply')}
        </Button>,
      ]}
    >
      <Breadcrumb
        style={{ marginBottom: 12 }}
        data-testid="picker-trail"
        separator=">"
        items={trail.map((ref, i) => ({
          key: ref.id,
          title: i < trail.length - 1 ? <a onClick={() => setTrail(trail.slice(0, i + 1))}>{ref.name}</a> : ref.name,
        }))}
      />
      {children.error && <Alert type="error" showIcon message={children.error.detail} />}
      <Radio.Group value={chosen} onChange={(e) => setChosen(e.target.value as string)} style={{ width: '100%' }}>
        <List
          size="small"
          bordered
          loading={children.loading && children.items.length === 0}
          style={{ maxHeight: '50vh', overflowY: 'auto' }}
          header={
            <Radio value={level.id}>
              <Typography.Text strong>{level.name}</Typography.Text>
              {level.id === current?.id && (
                <>
                  {' '}
                  <Typography.Text type="secondary">({t('picker.current')})</Typography.Text>
                </>
              )}
            </Radio>
          }
          locale={{ emptyText: t('picker.empty') }}
          dataSource={children.items}
          renderItem={(child) => {
            const ref = { id: child.id, name: child.name };
            return (
              <List.Item
                data-testid="picker-item"
                actions={[
                  <Button
                    key="open"
                    type="text"
                    size="small"
                    icon={<RightOutlined />}
                    aria-label={t('picker.open', { name: child.name })}
                    onClick={() => drillInto(ref)}
                  />,
                ]}
              >
                <Flex align="center" gap={8} style={{ minWidth: 0 }}>
                  <Radio value={child.id} aria-label={child.name} />
                  <ApartmentOutlined />
                  <Button type="link" onClick={() => drillInto(ref)} style={{ padding: 0, height: 'auto' }}>
                    {child.name}
                  </Button>
                  {child.child_count > 0 && (
                    <Typography.Text type="secondary">{t('picker.children', { count: child.child_count })}</Typography.Text>
                  )}
                </Flex>
              </List.Item>
            );
          }}
        />
      </Radio.Group>
      {children.hasMore && (
        <Button block type="link" loading={children.loading} onClick={children.loadMore}>
          {t('common.loadMore')}
        </Button>
      )}
    </Modal>
  );
}
