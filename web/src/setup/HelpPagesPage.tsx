import { useCallback, useState } from 'react';
import { Alert, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { helpPages } from '../api/endpoints';
import type { HelpPageSet, HelpPageSource, Language } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { textOrigin } from '../help/helpText';
import { LANGUAGES, useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';
import { HelpPageEditor } from './HelpPageEditor';
import type { HelpEditTarget } from './HelpPageEditor';

/** "Own text" / "Built-in" / "Inherited from X". */
function TextSource({ text }: { text: HelpPageSource }) {
  const { t } = useI18n();
  const origin = textOrigin(text);
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {origin === 'own'
        ? t('helpSetup.own')
        : origin === 'built_in'
          ? t('helpSetup.builtIn')
          : t('setting.inherited', { name: text.source_org_name ?? '?' })}
    </Typography.Text>
  );
}

/** One page in one language: its title and source, and for an editor Edit (or Write, without a text). */
function TextCell({ set, language, onEdit }: { set: HelpPageSet; language: Language; onEdit?: (target: HelpEditTarget) => void }) {
  const { t } = useI18n();
  const text = set.pages.find((p) => p.language === language);
  const edit = () => onEdit?.({ slug: set.slug, language, builtIn: set.built_in, text });
  return (
    <Flex vertical gap={2} align="flex-start" data-testid={`help-${set.slug}-${language}`}>
      {text ? (
        <>
          <Typography.Text>{text.title}</Typography.Text>
          <TextSource text={text} />
        </>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      )}
      {onEdit && (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={edit} style={{ paddingInline: 0 }}>
          {text ? t('common.edit') : t('helpSetup.write')}
        </Button>
      )}
    </Flex>
  );
}

/**
 * Setup > Help: the help pages of the current organization, each with its title and source in
 * every language; with help.edit, a new page, and the editor of each text.
 */
export function HelpPagesPage() {
  const { t, language } = useI18n();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const orgId = org?.id ?? '';
  const list = useApiData(useCallback(() => helpPages.list(orgId), [orgId]));
  const [editing, setEditing] = useState<HelpEditTarget | null>(null);
  if (!org) return null;
  const canEdit = can('help.edit');
  const onEdit = canEdit ? setEditing : undefined;

  return (
    <Card>
      <PageHeader
        title={t('helpSetup.title')}
        subtitle={t('helpSetup.intro', { name: org.name })}
        actions={
          canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ slug: null, language, builtIn: false })}
              data-testid="help-new"
            >
              {t('helpSetup.new')}
            </Button>
          )
        }
      />
      <ErrorNotice error={list.error} onRetry={() => void list.reload()} />
      {!canEdit && <Alert type="info" showIcon message={t('helpSetup.readOnly')} style={{ marginBottom: 16 }} />}
      <Table<HelpPageSet>
        rowKey="slug"
        size="middle"
        loading={list.loading && !list.data}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="help-pages"
        columns={[
          {
            key: 'slug',
            title: t('helpSetup.page'),
            render: (_, set) => (
              <Flex vertical gap={4} align="flex-start">
                <Typography.Text code>{set.slug}</Typography.Text>
                <Tag>{set.built_in ? t('helpSetup.builtInPage') : t('helpSetup.customPage')}</Tag>
              </Flex>
            ),
          },
          ...LANGUAGES.map((l) => ({
            key: l,
            title: t(`language.${l}`),
            render: (_: unknown, set: HelpPageSet) => <TextCell set={set} language={l} onEdit={onEdit} />,
          })),
        ]}
      />
      {editing && (
        <HelpPageEditor
          key={`${editing.slug ?? ''}/${editing.language}`}
          orgId={org.id}
          target={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void list.reload();
          }}
        />
      )}
    </Card>
  );
}
