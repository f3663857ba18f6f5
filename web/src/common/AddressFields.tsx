import { Col, Form, Input, Row } from 'antd';
import type { Address } from '../api/types';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';

/** An administrator's postal address, part by part, as the API names them. */
export const ADDRESS_PARTS = ['street', 'city', 'state', 'postal_code', 'country'] as const;
type AddressPart = (typeof ADDRESS_PARTS)[number];
/** The address as a form holds it: every part a string, '' for not set. */
export type AddressValues = Record<AddressPart, string>;

/** A number in international form, as the API takes it ("+14155550123"). */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** The form's values of an address the API gave ('' for a part not set). */
export const addressValues = (address: Address | null | undefined): AddressValues =>
  Object.fromEntries(ADDRESS_PARTS.map((p) => [p, address?.[p] ?? ''])) as AddressValues;

/** The address to send: each part trimmed, null when empty (the API's "not set"). */
export const addressOf = (values: Partial<AddressValues> | undefined): Address =>
  Object.fromEntries(ADDRESS_PARTS.map((p) => [p, values?.[p]?.trim() || null])) as unknown as Address;

const LABELS: Record<AddressPart, MessageKey> = {
  street: 'profile.street',
  city: 'profile.city',
  state: 'profile.state',
  postal_code: 'profile.postalCode',
  country: 'profile.country',
};
// The browser may fill in the admin's own address; someone else's it must not.
const OWN_AUTOCOMPLETE: Record<AddressPart, string> = {
  street: 'street-address',
  city: 'address-level2',
  state: 'address-level1',
  postal_code: 'postal-code',
  country: 'country-name',
};

/**
 * The address parts of a form whose values hold `address`: the street on its own line, the rest
 * two by two. `own`: the signed-in administrator's own address.
 */
export function AddressFields({ own, maxLength }: { own: boolean; maxLength?: number }) {
  const { t } = useI18n();
  const field = (part: AddressPart) => (
    <Form.Item name={['address', part]} label={t(LABELS[part])}>
      <Input autoComplete={own ? OWN_AUTOCOMPLETE[part] : 'off'} maxLength={maxLength} />
    </Form.Item>
  );
  return (
    <>
      {field('street')}
      <Row gutter={16}>
        {ADDRESS_PARTS.slice(1).map((part) => (
          <Col key={part} xs={24} sm={12}>
            {field(part)}
          </Col>
        ))}
      </Row>
    </>
  );
}
