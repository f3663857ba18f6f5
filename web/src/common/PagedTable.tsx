import { Alert, Button, Flex, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useI18n } from '../i18n';
import type { CursorList } from './useCursorList';

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> & {
  /** The rows, a cursor page at a time (see useCursorList). */
  list: CursorList<T>;
  /** What to call the query parameters a refusal may name (its `errors`), else their own names. */
  errorLabels?: Record<string, string>;
};

/**
 * A table of a cursor-paged list: the error with "Try again" (and what the server said of each
 * parameter it refused), the rows, and below them "Showing n of total" with "Load more" while the
 * server has more.
 */
export function PagedTable<T extends object>({ list, errorLabels, ...table }: Props<T>) {
  const { t } = useI18n();
  return (
    <>
      {list.error && (
        <Alert
          type="error"
          showIcon
          message={list.error.detail}
          description={
            list.error.errors.length > 0 &&
            list.error.errors.map(({ field, message }, i) => (
              <div key={i}>{field ? `${errorLabels?.[field] ?? field}: ${message}` : message}</div>
            ))
          }
          action={<Button onClick={list.reload}>{t('common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<T> {...table} dataSource={list.items} loading={list.loading} pagination={false} />
      {list.items.length > 0 && (
        <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('common.shown', { shown: list.items.length, total: list.total })}</Typography.Text>
          {list.hasMore && (
            <Button onClick={list.loadMore} loading={list.loading}>
              {t('common.loadMore')}
            </Button>
          )}
        </Flex>
      )}
    </>
  );
}
