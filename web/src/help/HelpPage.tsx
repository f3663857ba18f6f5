import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Card, Empty, Flex, Menu, Skeleton, Typography } from 'antd';
import { helpPages } from '../api/endpoints';
import { useMe } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { useApiData } from '../common/useApiData';
import { useI18n } from '../i18n';
import { HelpMarkdown } from './HelpMarkdown';
import { textIn } from './helpText';

/** One help page's text, read when it is opened. */
function HelpText({ orgId, slug, language }: { orgId: string; slug: string; language: string }) {
  const page = useApiData(useCallback(() => helpPages.get(orgId, slug, language), [orgId, slug, language]));
  if (page.error) return <ErrorNotice error={page.error} onRetry={() => void page.reload()} />;
  if (!page.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <article lang={page.data.language}>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="help-title">
        {page.data.title}
      </Typography.Title>
      <HelpMarkdown body={page.data.body} />
    </article>
  );
}

/**
 * Help (/help, /help/:slug): the help pages of the administrator's home organization, their
 * titles on the left, the one opened (else the first) on the right, each in the portal's
 * language, else in English, else in the one it has.
 */
export function HelpPage() {
  const { t, language } = useI18n();
  const { slug } = useParams();
  const navigate = useNavigate();
  const homeId = useMe().org.id;
  const list = useApiData(useCallback(() => helpPages.list(homeId), [homeId]));
  const items = list.data?.items ?? [];
  const shown = items.find((s) => s.slug === (slug ?? items[0]?.slug));
  const text = shown && textIn(shown, language);

  return (
    <Card>
      <ErrorNotice error={list.error} onRetry={() => void list.reload()} />
      {!list.data && !list.error && <Skeleton active paragraph={{ rows: 6 }} />}
      {list.data && (
        <Flex gap={24} align="flex-start" wrap>
          <nav aria-label={t('help.pages')} style={{ width: 240, flexShrink: 0 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('help.pages')}
            </Typography.Title>
            <Menu
              mode="inline"
              selectedKeys={shown ? [shown.slug] : []}
              items={items.map((s) => ({ key: s.slug, label: textIn(s, language)?.title ?? s.slug }))}
              onClick={({ key }) => void navigate(`/help/${key}`)}
              style={{ borderInlineEnd: 'none' }}
              data-testid="help-menu"
            />
          </nav>
          <div style={{ flex: 1, minWidth: 280, maxWidth: 860 }}>
            {shown && text ? (
              <HelpText key={`${shown.slug}/${text.language}`} orgId={homeId} slug={shown.slug} language={text.language} />
            ) : (
              <Empty description={t(items.length ? 'help.notFound' : 'help.none')} />
            )}
          </div>
        </Flex>
      )}
    </Card>
  );
}
