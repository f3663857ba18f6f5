import type { ReactNode } from 'react';
import { Card, Flex, Typography, theme } from 'antd';
import { LanguageSwitcher } from '../layout/LanguageSwitcher';
import { useI18n } from '../i18n';
import { Brand } from '../layout/Brand';

/** The centred card the signed-out pages share. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <Flex vertical style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Flex justify="flex-end" style={{ padding: 16 }}>
        <LanguageSwitcher />
      </Flex>
      <Flex flex={1} justify="center" align="flex-start" style={{ paddingTop: '8vh' }}>
        <Card style={{ width: 400, maxWidth: 'calc(100vw - 32px)' }}>
          <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
            <Brand size={40} />
            <Typography.Text type="secondary">{t('app.portal')}</Typography.Text>
          </Flex>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
      </Flex>
    </Flex>
  );
}
