import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Popconfirm, Row, Segmented, Skeleton, Typography } from 'antd';
import { EyeOutlined, UndoOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import { invitationTemplates } from '../api/endpoints';
import type { InvitationTemplate, Language, TemplateChannel, TemplateContent } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNotice } from '../common/ErrorNotice';
import { errorText, showFieldErrors } from '../common/formErrors';
import { PageHeader } from '../common/PageHeader';
import { useApiData } from '../common/useApiData';
import { LANGUAGES, useI18n } from '../i18n';
import { useCurrentOrg } from '../org/currentOrg';

const FIELDS = [['subject'], ['text'], ['html']];
const PLACEHOLDERS = [
  'first_name',
  'last_name',
  'login',
  'activation_code',
  'multiline_number',
  'org_name',
  'company_name',
  'portal_url',
  'activation_link',
  'qr_code',
];

/** Where the template in force comes from. */
function sourceText(tpl: InvitationTemplate, orgId: string, orgName: string, t: ReturnType<typeof useI18n>['t']) {
  if (tpl.own) return t('setting.own', { name: orgName });
  if (tpl.built_in || !tpl.source_org_id || tpl.source_org_id === orgId) return t('templates.builtIn');
  return t('setting.inherited', { name: tpl.source_org_name ?? '?' });
}

/**
 * Setup > Invitation Templates: the email and SMS invitation of each language, inherited from
 * above until changed here; Preview renders it on the server with example values.
 */
export function InvitationTemplatesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { org } = useCurrentOrg();
  const orgId = org?.id ?? '';
  const list = useApiData(useCallback(() => invitationTemplates.list(orgId), [orgId]));
  const [channel, setChannel] = useState<TemplateChannel>('email');
  const [language, setLanguage] = useState<Language>('en');
  const [form] = Form.useForm<TemplateContent>();
  const [busy, setBusy] = useState<'save' | 'preview' | 'revert' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [preview, setPreview] = useState<TemplateContent | null>(null);

  const current = list.data?.items.find((i) => i.channel === channel && i.language === language) ?? null;
  useEffect(() => {
    setNotice(null);
    setPreview(null);
    form.resetFields();
    if (current) form.setFieldsValue({ subject: current.subject ?? '', text: current.text, html: current.html ?? '' });
  }, [current, form]);

  if (!org) return null;
  const canEdit = can('setup.edit.invitation_templates');
  const email = channel === 'email';

  const content = (): TemplateContent => {
    const v = form.getFieldsValue();
    // SMS has neither subject nor HTML; an email without HTML is sent as text only.
    return { subject: email ? (v.subject ?? '') : null, text: v.text ?? '', html: email && v.html?.trim() ? v.html : null };
  };

  const fail = (e: unknown) => {
    if (e instanceof DomainError && e.errors.length) {
      const rest = showFieldErrors(form, e, FIELDS);
      setNotice([e.detail, ...rest].join(' '));
    } else {
      setNotice(errorText(e, t('common.errorGeneric')));
    }
  };

  const act = async (what: 'save' | 'preview' | 'revert') => {
    setBusy(what);
    setNotice(null);
    try {
      if (what === 'preview') {
        setPreview(await invitationTemplates.preview(org.id, channel, language, content()));
      } else {
        if (what === 'save') await invitationTemplates.save(org.id, channel, language, content());
        else await invitationTemplates.revert(org.id, channel, language);
        message.success(t(what === 'save' ? 'templates.saved' : 'templates.reverted'));
        await list.reload();
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card>
      <PageHeader title={t('templates.title')} subtitle={t('templates.intro', { name: org.name })} />
      <ErrorNotice error={list.error} onRetry={() => void list.reload()} />
      <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented<TemplateChannel>
          value={channel}
          onChange={setChannel}
          options={[
            { value: 'email', label: t('templates.email') },
            { value: 'sms', label: t('templates.sms') },
          ]}
          data-testid="template-channel"
        />
        <Segmented<Language>
          value={language}
          onChange={setLanguage}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          data-testid="template-language"
        />
        {current && (
          <Typography.Text type="secondary" data-testid="template-source">
            {sourceText(current, org.id, org.name, t)}
          </Typography.Text>
        )}
      </Flex>
      {!list.data && !list.error && <Skeleton active />}
      {list.data && !current && <Alert type="info" showIcon message={t('templates.missing')} />}
      {current && (
        <Row gutter={24}>
          <Col xs={24} xl={preview ? 12 : 24}>
            {notice && <Alert type="error" showIcon message={notice} role="alert" style={{ marginBottom: 16 }} />}
            <Form<TemplateContent> form={form} layout="vertical" disabled={!canEdit || busy !== null} name="template">
              {email && (
                <Form.Item
                  name="subject"
                  label={t('templates.subject')}
                  rules={[{ required: true, message: t('templates.subjectRequired') }]}
                >
                  <Input maxLength={200} />
                </Form.Item>
              )}
              <Form.Item
                name="text"
                label={email ? t('templates.text') : t('templates.smsText')}
                rules={[{ required: true, message: t('templates.textRequired') }]}
              >
                <Input.TextArea rows={email ? 8 : 5} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
              {email && (
                <Form.Item name="html" label={t('templates.html')}>
                  <Input.TextArea rows={10} style={{ fontFamily: 'monospace' }} />
                </Form.Item>
              )}
            </Form>
            <Flex wrap gap={4} align="center" style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">{t('templates.placeholders')}</Typography.Text>
              {PLACEHOLDERS.map((p) => (
                <Typography.Text key={p} code copyable={{ text: `{{${p}}}` }} style={{ whiteSpace: 'nowrap' }}>
                  {`{{${p}}}`}
                </Typography.Text>
              ))}
            </Flex>
            <Typography.Paragraph type="secondary">{t('templates.required')}</Typography.Paragraph>
            <Flex gap={8} wrap>
              <Button icon={<EyeOutlined />} loading={busy === 'preview'} onClick={() => void act('preview')}>
                {t('templates.preview')}
              </Button>
              {canEdit && (
                <Button
                  type="primary"
                  loading={busy === 'save'}
                  onClick={() =>
                    void form.validateFields().then(
                      () => act('save'),
                      () => undefined,
                    )
                  }
                >
                  {t('common.save')}
                </Button>
              )}
              {canEdit && current.own && (
                <Popconfirm
                  title={t('templates.revertConfirm')}
                  okText={t('common.yes')}
                  cancelText={t('common.no')}
                  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                  onConfirm={() => act('revert')}
                >
                  <Button icon={<UndoOutlined />} loading={busy === 'revert'}>
                    {t('templates.revert')}
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          </Col>
          {preview && (
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={t('templates.previewTitle')}
                data-testid="template-preview"
                extra={
                  <Button size="small" type="text" onClick={() => setPreview(null)}>
                    {t('common.close')}
                  </Button>
                }
              >
                {email && (
                  <Typography.Paragraph>
                    <Typography.Text strong>{t('templates.subject')}: </Typography.Text>
                    {preview.subject}
                  </Typography.Paragraph>
                )}
                <pre style={{ whiteSpace: 'pre-wrap', fontSize: 13, margin: 0 }}>{preview.text}</pre>
                {email && preview.html && (
                  // The rendered HTML in a sandbox: no scripts, no access to the portal.
                  <iframe
                    title={t('templates.html')}
                    sandbox=""
                    srcDoc={preview.html}
                    style={{ width: '100%', height: 420, border: '1px solid #f0f0f0', marginTop: 12 }}
                  />
                )}
              </Card>
            </Col>
          )}
        </Row>
      )}
    </Card>
  );
}
