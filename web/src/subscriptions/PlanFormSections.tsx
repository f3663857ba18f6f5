// The parts of the plan form past its name: features, limits, charging and call filtering. Each
// field's rule says what is allowed; nothing typed is rewritten to make it fit.
import { Checkbox, Col, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { FEATURES, PLAN_LIMITS, PLAN_PRICES } from '../api/types';
import type { CallFilteringMode } from '../api/types';
import { useI18n } from '../i18n';
import { LimitInput } from './LimitInput';
import { LIMIT_MAX, PRICE_DECIMALS, isCurrencyCode, isLimitAmount, isPrefix, isPrice } from './planForm';
import type { LimitValue, PlanFormValues } from './planForm';
import { LIMIT_LABELS, MODE_LABELS, PRICE_LABELS } from './planText';

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

export function FeatureFields() {
  const { t } = useI18n();
  return (
    <Form.Item name="features" label={t('permissions.features')} extra={t('subscriptions.featuresHelp')}>
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
  );
}

export function LimitFields() {
  const { t } = useI18n();
  const allowed = t('subscriptions.limitInvalid', { max: LIMIT_MAX });
  return (
    <>
      <SectionTitle>{t('subscriptions.limits')}</SectionTitle>
      <Typography.Paragraph type="secondary">{t('subscriptions.limitsHelp')}</Typography.Paragraph>
      {PLAN_LIMITS.map((limit) => (
        <Form.Item
          key={limit}
          name={['limits', limit]}
          label={t(LIMIT_LABELS[limit])}
          rules={[{ validator: check((v: LimitValue) => v.unlimited || isLimitAmount(v.amount), allowed) }]}
        >
          <LimitInput testId={`limit-${limit}`} />
        </Form.Item>
      ))}
    </>
  );
}

export function ChargingFields() {
  const { t } = useI18n();
  const form = Form.useFormInstance<PlanFormValues>();
  const currency = Form.useWatch(['charging', 'currency'], form) ?? '';
  const priceAllowed = t('subscriptions.priceInvalid', { decimals: PRICE_DECIMALS });
  return (
    <>
      <SectionTitle>{t('subscriptions.charging')}</SectionTitle>
      <Form.Item
        name={['charging', 'currency']}
        label={t('subscriptions.currency')}
        rules={[{ validator: check(isCurrencyCode, t('subscriptions.currencyInvalid')) }]}
      >
        <Input autoComplete="off" placeholder="USD" style={{ width: 120 }} />
      </Form.Item>
      <Row gutter={16}>
        {PLAN_PRICES.map((price) => (
          <Col key={price} xs={24} sm={12}>
            <Form.Item
              name={['charging', price]}
              label={t(PRICE_LABELS[price])}
              rules={[{ validator: check((v: string) => isPrice(v), priceAllowed) }]}
            >
              {/* Text, not a number box: the price is sent exactly as written (no float rounding). */}
              <Input
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.0125"
                addonAfter={isCurrencyCode(currency) ? currency : '···'}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </>
  );
}

/** A list of prefixes as tags: typed, then Enter (or pasted, separated by commas or lines). */
function PrefixListField({ list, label, help }: { list: 'allowed_prefixes' | 'blocked_prefixes'; label: string; help: string }) {
  const { t } = useI18n();
  const refuse = (prefixes: string[] | undefined) => {
    const bad = (prefixes ?? []).filter((p) => !isPrefix(p));
    return bad.length
      ? Promise.reject(new Error(t('subscriptions.prefixInvalid', { prefixes: bad.join(', ') })))
      : Promise.resolve();
  };
  return (
    <Form.Item name={['call_filtering', list]} label={label} extra={help} rules={[{ validator: (_, v: string[]) => refuse(v) }]}>
      <Select
        mode="tags"
        open={false}
        suffixIcon={null}
        // Not a space: "+1 900" is one wrong entry, not the two prefixes "+1" and "900".
        tokenSeparators={[',', ';', '\n']}
        placeholder="+1900"
        data-testid={`prefixes-${list}`}
      />
    </Form.Item>
  );
}

const MODES: CallFilteringMode[] = ['allow_all', 'allow_list'];

export function CallFilteringFields() {
  const { t } = useI18n();
  return (
    <>
      <SectionTitle>{t('subscriptions.callFiltering')}</SectionTitle>
      <Form.Item name={['call_filtering', 'mode']} label={t('subscriptions.mode')}>
        <Radio.Group>
          <Space direction="vertical">
            {MODES.map((mode) => (
              <Radio key={mode} value={mode}>
                {t(MODE_LABELS[mode])}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <PrefixListField list="allowed_prefixes" label={t('subscriptions.allowedPrefixes')} help={t('subscriptions.allowedHelp')} />
      <PrefixListField list="blocked_prefixes" label={t('subscriptions.blockedPrefixes')} help={t('subscriptions.blockedHelp')} />
    </>
  );
}
