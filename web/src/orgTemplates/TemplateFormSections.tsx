// The parts of the template form past its name: plan, settings, roles, permission groups and
// numbers. What is left empty is left out of the template: the new organization inherits it.
import { Button, Card, Checkbox, Col, Flex, Form, Input, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FEATURES } from '../api/types';
import type { Role, UsablePlan } from '../api/types';
import { useSession } from '../auth/session';
import { LanguageSelect } from '../common/LanguageSelect';
import { TimeZoneSelect } from '../common/TimeZoneSelect';
import { useI18n } from '../i18n';
import { GROUPS_MAX, NAME_MAX, NUMBERS_MAX, ROLES_MAX, isNumbersCount } from './templateForm';
import type { GroupFormValue, TemplateFormValues, TwoFactorChoice } from './templateForm';
import { planLabel } from './templateText';

/** A rule that refuses with `message` unless `ok`. */
const check =
  <T,>(ok: (value: T) => boolean, message: string) =>
  (_: unknown, value: T) =>
    ok(value) ? Promise.resolve() : Promise.reject(new Error(message));

function SectionTitle({ children }: { children: string }) {
  return (
    <Typography.Title level={5} style={{ marginTop: 8 }}>
      {children}
    </Typography.Title>
  );
}

/** The plan: one usable here, or none (the new organization is on its parent's plan). */
export function PlanField({ plans }: { plans: UsablePlan[] | null }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<TemplateFormValues>();
  const chosen = Form.useWatch('subscription_id', form);
  const options = (plans ?? []).map((p) => ({
    value: p.id,
    label: p.selectable ? p.name : `${p.name} (${t('subscriptions.aboveOwn')})`,
  }));
  // A plan deleted since, or one the admin may not list, still shows: it is the template's.
  if (chosen && !options.some((o) => o.value === chosen)) options.push({ value: chosen, label: planLabel(chosen, plans, t) });
  return (
    <Form.Item name="subscription_id" label={t('orgTemplates.plan')} extra={t('orgTemplates.planHelp')}>
      <Select allowClear placeholder={t('orgTemplates.parentPlan')} options={options} data-testid="template-plan" />
    </Form.Item>
  );
}

export function SettingsFields() {
  const { t } = useI18n();
  const twoFactor: { value: TwoFactorChoice; label: string }[] = [
    { value: 'on', label: t('orgTemplates.on') },
    { value: 'off', label: t('orgTemplates.off') },
  ];
  return (
    <>
      <SectionTitle>{t('orgTemplates.settings')}</SectionTitle>
      <Typography.Paragraph type="secondary">{t('orgTemplates.settingsHelp')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name={['settings', 'timezone']} label={t('orgForm.timezone')}>
            <TimeZoneSelect allowClear placeholder={t('orgForm.inherit')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={7}>
          <Form.Item name={['settings', 'language']} label={t('orgForm.language')}>
            <LanguageSelect allowClear placeholder={t('orgForm.inherit')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={7}>
          <Form.Item name={['settings', 'two_factor_enabled']} label={t('orgTemplates.twoFactor')}>
            <Select<TwoFactorChoice> allowClear placeholder={t('orgForm.inherit')} options={twoFactor} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** The roles copied into the new organization, chosen among those usable here. */
export function RolesField({ roles }: { roles: Role[] | null }) {
  const { t } = useI18n();
  const { can } = useSession();
  const form = Form.useFormInstance<TemplateFormValues>();
  const chosen = Form.useWatch('role_ids', form) ?? [];
  const mayList = can('roles') || can('administrators');
  const options = (roles ?? []).map((r) => ({ value: r.id, label: r.inherited ? `${r.name} (${r.org_name})` : r.name }));
  for (const id of chosen) {
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: roles ? t('orgTemplates.unknownRole') : id });
  }
  return (
    <Form.Item
      name="role_ids"
      label={t('orgTemplates.roles')}
      extra={mayList ? t('orgTemplates.rolesHelp') : t('orgTemplates.rolesUnavailable')}
      rules={[{ type: 'array', max: ROLES_MAX, message: t('orgTemplates.rolesTooMany', { max: ROLES_MAX }) }]}
    >
      <Select
        mode="multiple"
        allowClear
        optionFilterProp="label"
        options={options}
        loading={mayList && !roles}
        // Not `false`: that would enable it inside a disabled (read-only) form.
        disabled={!mayList || undefined}
        placeholder={t('orgTemplates.noRoles')}
        data-testid="template-roles"
      />
    </Form.Item>
  );
}

/** One permission group of the template: its name, its features, and whether it is the default. */
function GroupItem({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<TemplateFormValues>();
  const position = index + 1;
  // At most one default: ticking one unticks the others.
  const makeDefault = (checked: boolean) => {
    if (!checked) return;
    const groups = (form.getFieldValue('permission_groups') as GroupFormValue[] | undefined) ?? [];
    groups.forEach((g, i) => {
      if (i !== index && g.is_default) form.setFieldValue(['permission_groups', i, 'is_default'], false);
    });
  };
  return (
    <Card
      size="small"
      title={t('orgTemplates.groupN', { n: position })}
      data-testid={`template-group-${index}`}
      extra={
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('orgTemplates.removeGroup', { n: position })}
          onClick={onRemove}
        />
      }
    >
      <Form.Item
        name={[index, 'name']}
        label={t('orgTemplates.groupName')}
        rules={[
          { required: true, whitespace: true, message: t('permissions.nameRequired') },
          { max: NAME_MAX, message: t('subscriptions.nameTooLong') },
        ]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name={[index, 'features']} label={t('permissions.features')}>
        <Checkbox.Group>
          <Row gutter={[16, 8]}>
            {FEATURES.map((f) => (
              <Col key={f} xs={24} sm={12}>
                <Checkbox value={f}>{t(`features.${f}`)}</Checkbox>
              </Col>
            ))}
          </Row>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item name={[index, 'is_default']} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox onChange={(e) => makeDefault(e.target.checked)}>{t('orgTemplates.defaultGroup')}</Checkbox>
      </Form.Item>
    </Card>
  );
}

export function GroupsField() {
  const { t } = useI18n();
  const blank: GroupFormValue = { name: '', features: [], is_default: false };
  return (
    <>
      <SectionTitle>{t('orgTemplates.groups')}</SectionTitle>
      <Typography.Paragraph type="secondary">{t('orgTemplates.groupsHelp')}</Typography.Paragraph>
      <Form.List name="permission_groups">
        {(fields, { add, remove }, { errors }) => (
          <Flex vertical gap={12} style={{ marginBottom: 24 }}>
            {fields.map((field) => (
              <GroupItem key={field.key} index={field.name} onRemove={() => remove(field.name)} />
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add(blank)}
              disabled={fields.length >= GROUPS_MAX || undefined}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('orgTemplates.addGroup')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </>
  );
}

/** How many of the parent's available numbers the new organization gets; empty for none. */
export function NumbersField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="numbers"
      label={t('orgTemplates.numbers')}
      extra={t('orgTemplates.numbersHelp')}
      rules={[{ validator: check(isNumbersCount, t('orgTemplates.numbersInvalid', { max: NUMBERS_MAX })) }]}
    >
      {/* Text, not a number box: what is typed is checked as typed, never rounded or clamped. */}
      <Input inputMode="numeric" autoComplete="off" placeholder={t('orgTemplates.noNumbers')} style={{ width: 200 }} />
    </Form.Item>
  );
}
