import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Col, Drawer, Flex, Form, Input, Popconfirm, Row, Skeleton, Typography } from 'antd';
import { DomainError } from '../api/client';
import { helpPages } from '../api/endpoints';
import type { HelpPageSource, Language } from '../api/types';
import { ErrorNotice } from '../common/ErrorNotice';
import { errorText, showFieldErrors } from '../common/formErrors';
import { LanguageSelect } from '../common/LanguageSelect';
import { useApiData } from '../common/useApiData';
import { HelpMarkdown } from '../help/HelpMarkdown';
import { useI18n } from '../i18n';

/** What the editor opens: a new page (no slug), or a page's text in one language (`text` when it has one). */
export interface HelpEditTarget {
  slug: string | null;
  language: Language;
  builtIn: boolean;
  text?: HelpPageSource;
}

interface Values {
  slug: string;
  language: Language;
  title: string;
  body: string;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FIELDS = [['slug'], ['language'], ['title'], ['body']];

/**
 * Setup > Help's editor of one page in one language: slug (of a new page) and language, title and
 * Markdown beside the preview the viewer would show. Save writes the organization's own text;
 * an own text can be removed: the organization inherits again ("Revert to inherited"), or a page
 * of its own goes ("Delete page"). The server's refusals show under their fields.
 */
export function HelpPageEditor({
  orgId,
  target,
  onClose,
  onSaved,
}: {
  orgId: string;
  target: HelpEditTarget;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { slug, language, text } = target;
  const current = useApiData(
    useCallback(() => (slug && text ? helpPages.get(orgId, slug, language) : Promise.resolve(null)), [orgId, slug, language, text]),
  );
  const title = Form.useWatch('title', form) ?? '';
  const body = Form.useWatch('body', form) ?? '';
  const ready = !slug || !text || current.data !== null;

  useEffect(() => {
    if (current.data) form.setFieldsValue({ title: current.data.title, body: current.data.body });
  }, [current.data, form]);

  const save = async (values: Values) => {
    setBusy(true);
    setNotice(null);
    try {
      await helpPages.save(orgId, slug ?? values.slug, slug ? language : values.language, {
        title: values.title ?? '',
        body: values.body ?? '',
      });
      message.success(t('helpSetup.saved'));
      onSaved();
    } catch (e) {
      if (e instanceof DomainError && e.errors.length) {
        const unmatched = showFieldErrors(form, e, FIELDS);
        setNotice(unmatched.length ? unmatched.join(' ') : null);
      } else {
        setNotice(
          e instanceof DomainError && e.code === 'help_page_limit' ? t('helpSetup.limit') : errorText(e, t('common.errorGeneric')),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!slug) return;
    setNotice(null);
    try {
      await helpPages.remove(orgId, slug, language);
      message.success(t(target.builtIn ? 'helpSetup.reverted' : 'helpSetup.deleted'));
      onSaved();
    } catch (e) {
      setNotice(errorText(e, t('common.errorGeneric')));
    }
  };

  const removable = !!text?.own;
  return (
    <Drawer
      open
      title={slug ? t('helpSetup.editTitle', { slug, language: t(`language.${language}`) }) : t('helpSetup.newTitle')}
      width="min(1200px, 96vw)"
      onClose={onClose}
      data-testid="help-editor"
      footer={
        <Flex justify="space-between" gap={8}>
          <div>
            {removable && (
              <Popconfirm
                title={t(target.builtIn ? 'helpSetup.revertConfirm' : 'helpSetup.deleteConfirm')}
                okText={t('common.yes')}
                cancelText={t('common.no')}
                // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                onConfirm={remove}
              >
                <Button danger={!target.builtIn} disabled={busy} data-testid="help-remove">
                  {t(target.builtIn ? 'helpSetup.revert' : 'helpSetup.delete')}
                </Button>
              </Popconfirm>
            )}
          </div>
          <Flex gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} disabled={!ready} onClick={() => form.submit()} data-testid="help-save">
              {t('common.save')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <ErrorNotice error={current.error} onRetry={() => void current.reload()} />
      {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
      {!ready && !current.error && <Skeleton active paragraph={{ rows: 8 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        name="helpPage"
        disabled={busy}
        hidden={!ready}
        initialValues={{ language, title: '', body: '' }}
        onFinish={(values) => void save(values)}
      >
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            {!slug && (
              <Flex gap={16} wrap>
                <Form.Item
                  name="slug"
                  label={t('helpSetup.slug')}
                  extra={t('helpSetup.slugHelp')}
                  rules={[{ required: true, pattern: SLUG, max: 64, message: t('helpSetup.slugRule') }]}
                  style={{ flex: 1, minWidth: 220 }}
                >
                  <Input maxLength={64} placeholder="vpn-setup" />
                </Form.Item>
                <Form.Item name="language" label={t('helpSetup.language')} style={{ width: 160 }}>
                  <LanguageSelect />
                </Form.Item>
              </Flex>
            )}
            <Form.Item name="title" label={t('helpSetup.pageTitle')} required>
              <Input maxLength={120} showCount />
            </Form.Item>
            <Form.Item name="body" label={t('helpSetup.body')} extra={t('helpSetup.bodyHelp')} required>
              <Input.TextArea rows={18} maxLength={100_000} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text type="secondary">{t('helpSetup.preview')}</Typography.Text>
            <div
              style={{ border: '1px solid rgba(0, 0, 0, 0.1)', borderRadius: 8, padding: 16, marginTop: 8, minHeight: 200 }}
              data-testid="help-preview-pane"
            >
              <Typography.Title level={3} style={{ marginTop: 0 }}>
                {title}
              </Typography.Title>
              <HelpMarkdown body={body} preview />
            </div>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
