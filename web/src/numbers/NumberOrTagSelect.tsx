import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { numbers } from '../api/endpoints';
import type { NumberTag, PoolNumber } from '../api/types';
import { useI18n } from '../i18n';

/** What the drop-down chose: one number, or "the first available number with this tag". */
export type NumberChoice = { number: string } | { tag: string };

const TAG = 'tag:';
const NUMBER = 'number:';
const SHOWN = 50;

export const encodeChoice = (choice: NumberChoice) => ('tag' in choice ? TAG + choice.tag : NUMBER + choice.number);
export function decodeChoice(value: string | undefined): NumberChoice | null {
  if (value?.startsWith(TAG)) return { tag: value.slice(TAG.length) };
  if (value?.startsWith(NUMBER)) return { number: value.slice(NUMBER.length) };
  return null;
}

/**
 * The seed's "Choose a number or tag": the tags with available numbers, and the available
 * numbers of the organization's pool (searched on the server as the admin types).
 */
export function NumberOrTagSelect({
  orgId,
  value,
  onChange,
  id,
  current,
}: {
  orgId: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  /** The number the account holds now (offered although it is not available). */
  current?: string | null;
}) {
  const { t } = useI18n();
  const [tags, setTags] = useState<NumberTag[]>([]);
  const [available, setAvailable] = useState<PoolNumber[]>([]);
  const [search, setSearch] = useState('');
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    numbers
      .tags(orgId)
      .then(({ items }) => live && setTags(items.filter((tag) => tag.available > 0)))
      .catch(() => live && setTags([]));
    return () => {
      live = false;
    };
  }, [orgId]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    // Typing waits a moment before asking, so each key press does not cost a request.
    const timer = setTimeout(() => {
      numbers
        .list(orgId, { status: 'available', q: search || undefined, limit: SHOWN })
        .then((page) => live && setAvailable(page.items))
        .catch(() => live && setAvailable([]))
        .finally(() => live && setLoading(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [orgId, search]);

  const numberOptions = available.map((n) => ({ value: NUMBER + n.number, label: n.number }));
  if (current && !available.some((n) => n.number === current)) {
    numberOptions.unshift({ value: NUMBER + current, label: current });
  }
  const shownTags = tags.filter((tag) => tag.tag.toLowerCase().includes(search.toLowerCase()));
  const options = [
    ...(shownTags.length
      ? [
          {
            label: t('accounts.form.tags'),
            options: shownTags.map((tag) => ({
              value: TAG + tag.tag,
              label: t('accounts.form.tagOption', { tag: tag.tag, count: tag.available }),
            })),
          },
        ]
      : []),
    { label: t('accounts.form.availableNumbers'), options: numberOptions },
  ];

  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch
      filterOption={false}
      onSearch={setSearch}
      loading={loading}
      options={options}
      placeholder={t('accounts.form.numberPlaceholder')}
      notFoundContent={loading ? undefined : t('accounts.form.noNumbers')}
      data-testid="number-or-tag"
    />
  );
}
