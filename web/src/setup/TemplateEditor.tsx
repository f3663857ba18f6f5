import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Popconfirm, Row, Segmented, Skeleton, Typography } from 'antd';
import { EyeOutlined, UndoOutlined } from '@ant-design/icons';
import { DomainError } from '../api/client';
import type { Language, TemplateContent, TemplateInForce } from '../api/types';
import { errorText, showFieldErrors } from '../common/formErrors';
import { LANGUAGES, useI18n } from '../i18n';
import type { Translate } from '../i18n';

const FIELDS = [['subject'], ['text'], ['html']];

/** The language of the template shown, picked alike on both template pages. */
export function LanguageSwitch({ value, onChange }: { value: Language; onChange: (language: Language) => void }) {
  const { t } = useI18n();
  return (
    <Segmented<Language>
      value={value}
      onChange={onChange}
      options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
      data-testid="template-language"
    />
  );
}

/** A placeholder a template may use, without its braces; `required` ones must stay in it. */
export interface TemplatePlaceholder {
  name: string;
  required?: boolean;
}

/** Where the template in force comes from. */
export function sourceText(tpl: TemplateInForce, orgId: string, orgName: string, t: Translate) {
  if (tpl.own) return t('setting.own', { name: orgName });
  if (tpl.built_in || !tpl.source_org_id || tpl.source_org_id === orgId) return t('templates.builtIn');
  return t('setting.inherited', { name: tpl.source_org_name ?? '?' });
}

export interface TemplateEditorProps {
  org: { id: string; name: string };
  /** What chooses the template (channel, message, language): shown first, then where it comes from. */
  controls: ReactNode;
  /** Whether the templates have been read; a skeleton shows until then, unless reading `failed`. */
  read: boolean;
  failed: boolean;
  /** The template chosen; null when there is none (once read, `missing` says so). */
  template: TemplateInForce | null;
  missing: string;
  /** An email (subject, text and optional HTML), else an SMS (its message alone). */
  email: boolean;
  placeholders: TemplatePlaceholder[];
  /** Under the placeholders: what the template must keep. */
  note?: ReactNode;
  canEdit: boolean;
  texts: { revert: string; revertConfirm: string; saved: string; reverted: string };
  /** The server's rendering of `content` with example values. */
  preview: (content: TemplateContent) => Promise<TemplateContent>;
  save: (content: TemplateContent) => Promise<unknown>;
  /** Drops the organization's own template. */
  revert: () => Promise<unknown>;
  /** Reads the templates again, after a change. */
  reload: () => Promise<void>;
}

/**
 * The editor of one template, shared by Setup > Invitation Templates and Setup > Email
 * Templates: the pickers and the template's source, the form (subject, text, HTML), the
 * placeholders it may use, Preview (rendered by the server; its HTML in a sandboxed frame),
 * Save and the revert to the inherited template. The server's field errors show on the fields.
 */
export function TemplateEditor({
  org,
  controls,
  read,
  failed,
  template,
  missing,
  email,
  placeholders,
  note,
  canEdit,
  texts,
  preview: render,
  save,
  revert,
  reload,
}: TemplateEditorProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateContent>();
  const [busy, setBusy] = useState<'save' | 'preview' | 'revert' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [preview, setPreview] = useState<TemplateContent | null>(null);

  // Another template chosen, or this one saved or reverted: the form shows it as it is now.
  useEffect(() => {
    setNotice(null);
    setPreview(null);
    form.resetFields();
    if (template) form.setFieldsValue({ subject: template.subject ?? '', text: template.text, html: template.html ?? '' });
  }, [template, form]);

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
        setPreview(await render(content()));
      } else {
        if (what === 'save') await save(content());
        else await revert();
        message.success(what === 'save' ? texts.saved : texts.reverted);
        await reload();
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }}>
        {controls}
        {template && (
          <Typography.Text type="secondary" data-testid="template-source">
            {sourceText(template, org.id, org.name, t)}
          </Typography.Text>
        )}
      </Flex>
      {!read && !failed && <Skeleton active />}
      {read && !template && <Alert type="info" showIcon message={missing} />}
      {template && (
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
            {placeholders.length > 0 && (
              <Flex wrap gap={4} align="center" style={{ marginBottom: 8 }} data-testid="template-placeholders">
                <Typography.Text type="secondary">{t('templates.placeholders')}</Typography.Text>
                {placeholders.map(({ name, required }) => (
                  <span key={name} style={{ whiteSpace: 'nowrap' }}>
                    <Typography.Text code strong={required} copyable={{ text: `{{${name}}}` }}>
                      {`{{${name}}}`}
                    </Typography.Text>
                    {required && (
                      <Typography.Text type="danger" title={t('templates.requiredMark')} data-testid="placeholder-required">
                        *
                      </Typography.Text>
                    )}
                  </span>
                ))}
              </Flex>
            )}
            {note && <Typography.Paragraph type="secondary">{note}</Typography.Paragraph>}
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
              {canEdit && template.own && (
                <Popconfirm
                  title={texts.revertConfirm}
                  okText={t('common.yes')}
                  cancelText={t('common.no')}
                  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- antd awaits it: OK spins until it settles
                  onConfirm={() => act('revert')}
                >
                  <Button icon={<UndoOutlined />} loading={busy === 'revert'}>
                    {texts.revert}
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
    </>
  );
}
