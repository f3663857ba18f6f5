import { useMemo } from 'react';
import { Card, Checkbox, Col, Flex, Row, Tag, Tooltip, Typography } from 'antd';
import type { Privilege } from '../api/types';
import { useI18n } from '../i18n';
import { privilegeLabel, privilegeSections, toggled } from './privilegeSections';
import type { PrivilegeSection } from './privilegeSections';

interface Props {
  catalog: Privilege[];
  /** Set by the Form.Item around it. */
  value?: string[];
  onChange?: (next: string[]) => void;
  /** Whether the admin may tick this privilege (they hold it, or the role had it already). */
  grantable: (key: string) => boolean;
  readOnly?: boolean;
}

/** Checked state of a set of keys: all, some or none. */
function stateOf(keys: string[], chosen: Set<string>) {
  const count = keys.filter((k) => chosen.has(k)).length;
  return { checked: count > 0 && count === keys.length, indeterminate: count > 0 && count < keys.length, count };
}

/**
 * The privilege checkboxes of a role, in sections like the seed's "Create A New Role":
 * section and column checkboxes tick everything below them that the admin may grant;
 * privileges the admin does not hold are shown but cannot be ticked.
 */
export function PrivilegeTree({ catalog, value = [], onChange, grantable, readOnly = false }: Props) {
  const { t, language } = useI18n();
  const sections = useMemo(() => privilegeSections(catalog, language), [catalog, language]);
  const byKey = useMemo(() => new Map(catalog.map((p) => [p.key, p])), [catalog]);
  const chosen = new Set(value);

  const sectionTitle = (s: PrivilegeSection) => (typeof s.title === 'string' ? t(s.title) : s.title.text);
  const change = (keys: string[], checked: boolean) => {
    if (readOnly || !onChange) return;
    const allowed = keys.filter((k) => grantable(k) || (!checked && chosen.has(k)));
    if (allowed.length) onChange(toggled(value, allowed, checked));
  };
  /** A checkbox over `keys`; disabled when none of them can change. */
  const groupBox = (keys: string[], label: string, testId: string) => {
    const state = stateOf(keys, chosen);
    const changeable = keys.some((k) => grantable(k) || chosen.has(k));
    return (
      <Checkbox
        checked={state.checked}
        indeterminate={state.indeterminate}
        disabled={readOnly || !changeable}
        onChange={(e) => change(keys, e.target.checked)}
        data-testid={testId}
      >
        <Typography.Text strong>{label}</Typography.Text>
      </Checkbox>
    );
  };
  const leaf = (key: string, inSection: boolean) => {
    const allowed = grantable(key);
    const box = (
      <Checkbox
        checked={chosen.has(key)}
        disabled={readOnly || (!allowed && !chosen.has(key))}
        onChange={(e) => change([key], e.target.checked)}
        data-privilege={key}
      >
        {privilegeLabel(byKey.get(key), key, language, inSection)}
      </Checkbox>
    );
    return allowed || readOnly ? box : <Tooltip title={t('roles.notHeld')}>{box}</Tooltip>;
  };

  return (
    <Flex vertical gap={12}>
      {/* The seed's header links: a section with anything ticked is highlighted. */}
      <Flex wrap gap={6} data-testid="privilege-sections">
        {sections.map((s) => {
          const state = stateOf(
            s.columns.flatMap((c) => c.keys),
            chosen,
          );
          return (
            <Tag
              key={s.id}
              color={state.count > 0 ? 'blue' : undefined}
              style={{ cursor: 'pointer', marginInlineEnd: 0 }}
              onClick={() => document.getElementById(`privileges-${s.id}`)?.scrollIntoView({ behavior: 'smooth' })}
            >
              {sectionTitle(s)}
              {state.count > 0 && ` (${state.count})`}
            </Tag>
          );
        })}
      </Flex>
      {sections.map((s) => {
        const all = s.columns.flatMap((c) => c.keys);
        const single = all.length === 1;
        return (
          <Card
            key={s.id}
            id={`privileges-${s.id}`}
            size="small"
            title={single ? leaf(all[0], false) : groupBox(all, sectionTitle(s), `privilege-section-${s.id}`)}
            styles={single ? { body: { display: 'none' } } : undefined}
          >
            {!single && (
              <Row gutter={[24, 12]}>
                {s.columns.map((c) => (
                  <Col key={c.id} xs={24} md={s.columns.length > 1 ? 24 / Math.min(s.columns.length, 3) : 24}>
                    <Flex vertical gap={6}>
                      {c.title && groupBox(c.keys, t(c.title), `privilege-column-${c.id}`)}
                      <Flex
                        vertical={s.columns.length > 1}
                        wrap
                        gap={s.columns.length > 1 ? 4 : 16}
                        style={{ paddingInlineStart: c.title ? 24 : 0 }}
                      >
                        {c.keys.map((k) => (
                          <span key={k}>{leaf(k, true)}</span>
                        ))}
                      </Flex>
                    </Flex>
                  </Col>
                ))}
              </Row>
            )}
          </Card>
        );
      })}
    </Flex>
  );
}
