import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { Flex, Input, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { DomainError } from '../api/client';
import type {
  CallRecordingRow,
  ComplianceRowBase,
  MessageChannel,
  MessageLogRow,
  Org,
  ReportName,
  SmsOptInRow,
  UsageDirection,
} from '../api/types';
import { useMe } from '../auth/session';
import { formatDateTime } from '../common/format';
import { formatBytes, formatDuration } from '../common/usageFormat';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { NumberOrgCell, UserCell } from './PersonCells';
import { ReportPage } from './ReportPage';

// Reports > Call Recording, Message Logging and SMS Opt-in: the compliance records the customer's
// systems sent (POST /compliance/records), newest first, each view and download audited by the
// server. Every value is shown as text: a message's text is whatever someone wrote.

const CHANNEL_COLOR: Record<MessageChannel, string> = {
  sms: 'blue',
  mms: 'geekblue',
  whatsapp: 'green',
  wechat: 'lime',
  line: 'cyan',
};

/** Only http and https addresses become links (a record's URLs come from outside). */
function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A link that opens `url` in a new tab, without giving that tab this one; the address alone when it is not http(s). */
function ExternalLink({ url, children, testId }: { url: string; children: ReactNode; testId?: string }) {
  const href = safeUrl(url);
  if (!href) return <Typography.Text type="secondary">{url}</Typography.Text>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" title={url} data-testid={testId}>
      {children}
    </a>
  );
}

/**
 * A text filter: what is typed applies on Enter or on leaving the field, exactly as typed (the
 * server says what it does not accept); clearing it applies at once.
 */
function FilterInput({
  label,
  placeholder,
  value,
  onApply,
  invalid,
  testId,
  width,
}: {
  label: string;
  placeholder: string;
  value: string;
  onApply: (value: string) => void;
  invalid: boolean;
  testId: string;
  width: number;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const apply = () => {
    if (draft !== value) onApply(draft);
  };
  return (
    <Flex gap={8} align="center">
      <label htmlFor={id}>{label}</label>
      <Input
        id={id}
        value={draft}
        placeholder={placeholder}
        allowClear
        status={invalid ? 'error' : undefined}
        aria-invalid={invalid || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          // The clear button: the filter goes at once.
          if (e.type !== 'change' && e.target.value === '') onApply('');
        }}
        onPressEnter={apply}
        onBlur={apply}
        style={{ width }}
        data-testid={testId}
      />
    </Flex>
  );
}

/** The account and peer number filters every compliance report has, and their query parameters. */
function useComplianceFilters(testId: string) {
  const { t } = useI18n();
  const [account, setAccount] = useState('');
  const [peerNumber, setPeerNumber] = useState('');
  const refused = (error: DomainError | null, field: string) => !!error?.errors.some((e) => e.field === field);
  const filters = (error: DomainError | null) => (
    <>
      <FilterInput
        label={t('compliance.account')}
        placeholder={t('compliance.accountPlaceholder')}
        value={account}
        onApply={setAccount}
        invalid={refused(error, 'account')}
        testId={`${testId}-account`}
        width={210}
      />
      <FilterInput
        label={t('compliance.peerNumber')}
        placeholder={t('compliance.peerNumberPlaceholder')}
        value={peerNumber}
        onApply={setPeerNumber}
        invalid={refused(error, 'peer_number')}
        testId={`${testId}-peer`}
        width={170}
      />
    </>
  );
  return {
    filters,
    filterLabels: { account: t('compliance.account'), peer_number: t('compliance.peerNumber') },
    filterQuery: { account: account || undefined, peer_number: peerNumber || undefined },
  };
}

/** The columns every compliance report starts with: when, who, their number and organization. */
function useLeadingColumns<T extends ComplianceRowBase>(timeField: keyof T & string, timeTitle: MessageKey): TableColumnsType<T> {
  const { t, locale } = useI18n();
  const me = useMe();
  return [
    {
      title: t(timeTitle),
      dataIndex: timeField,
      width: 125,
      render: (value: string) => formatDateTime(value, locale, me.admin.timezone),
    },
    {
      title: t('usage.col.user'),
      key: 'name',
      width: 145,
      render: (_, row) => <UserCell row={row} />,
    },
    {
      title: t('usage.col.numberOrg'),
      key: 'number',
      width: 135,
      render: (_, row) => <NumberOrgCell row={row} />,
    },
  ];
}

function useDirectionColumn<T extends { direction: UsageDirection }>(): TableColumnsType<T>[number] {
  const { t } = useI18n();
  return {
    title: t('usage.col.direction'),
    dataIndex: 'direction',
    width: 100,
    render: (direction: UsageDirection) => t(`usage.direction.${direction}`),
  };
}

function usePeerColumn<T extends { peer_number: string }>(): TableColumnsType<T>[number] {
  const { t } = useI18n();
  // The number on one line; not the column's class, which would keep its title on one line too.
  return {
    title: t('compliance.col.peer'),
    dataIndex: 'peer_number',
    width: 130,
    render: (peer: string) => <span className="phone-number">{peer}</span>,
  };
}

/** The subtitle: what the report lists, and that reading it is recorded. */
const subtitle = (intro: string, audited: string) => (
  <>
    {intro}
    <br />
    {audited}
  </>
);

interface FrameProps<T> {
  report: ReportName;
  title: MessageKey;
  intro: MessageKey;
  empty: MessageKey;
  testId: string;
  columns: TableColumnsType<T>;
  scrollX: number;
}

function ComplianceReport<T extends ComplianceRowBase>({ report, title, intro, empty, testId, columns, scrollX }: FrameProps<T>) {
  const { t } = useI18n();
  const { filters, filterLabels, filterQuery } = useComplianceFilters(testId);
  return (
    <ReportPage<T>
      report={report}
      title={t(title)}
      subtitle={(org: Org) => subtitle(t(intro, { name: org.name }), t('compliance.audited'))}
      testId={testId}
      defaultRange="last_7_days"
      // A record's id is the sender's, unique per account.
      rowKey={(row) => `${row.account_id}/${row.id}`}
      columns={columns}
      scrollX={scrollX}
      emptyText={t(empty)}
      filters={filters}
      filterLabels={filterLabels}
      filterQuery={filterQuery}
    />
  );
}

/** Reports > Call Recording: the recorded calls, with a link to each recording. */
export function CallRecordingPage() {
  const { t, locale } = useI18n();
  const leading = useLeadingColumns<CallRecordingRow>('started_at', 'usage.col.startedAt');
  const direction = useDirectionColumn<CallRecordingRow>();
  const peer = usePeerColumn<CallRecordingRow>();
  const columns: TableColumnsType<CallRecordingRow> = [
    ...leading,
    direction,
    peer,
    {
      title: t('compliance.col.duration'),
      dataIndex: 'duration_seconds',
      align: 'right',
      width: 100,
      render: (seconds: number) => formatDuration(seconds, locale),
    },
    {
      title: t('compliance.col.size'),
      dataIndex: 'size_bytes',
      align: 'right',
      width: 90,
      render: (bytes: number) => formatBytes(bytes, locale),
    },
    {
      title: t('compliance.col.recording'),
      dataIndex: 'media_url',
      width: 110,
      render: (url: string) => (
        <ExternalLink url={url} testId="call-recording-media">
          {t('compliance.play')}
        </ExternalLink>
      ),
    },
    { title: t('usage.col.recordId'), dataIndex: 'id', ellipsis: true },
  ];
  return (
    <ComplianceReport<CallRecordingRow>
      report="call_recording"
      title="compliance.callRecording.title"
      intro="compliance.callRecording.intro"
      empty="compliance.callRecording.empty"
      testId="call-recording"
      columns={columns}
      scrollX={1035}
    />
  );
}

/** A message's text, cut to two lines with "Expand"; or why it has none. */
function MessageText({ row }: { row: MessageLogRow }) {
  const { t } = useI18n();
  if (row.text_state === 'none' || row.text_state === 'erased') {
    return (
      <Typography.Text type="secondary" italic data-testid="message-text-note">
        {t(row.text_state === 'none' ? 'compliance.text.none' : 'compliance.text.erased')}
      </Typography.Text>
    );
  }
  if (row.text === null) return null;
  return (
    <div data-testid="message-text">
      <Typography.Paragraph
        ellipsis={{ rows: 2, expandable: 'collapsible' }}
        style={{ margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      >
        {row.text}
      </Typography.Paragraph>
    </div>
  );
}

/** Reports > Message Logging: the logged messages, their text and attachments. */
export function MessageLoggingPage() {
  const { t } = useI18n();
  const leading = useLeadingColumns<MessageLogRow>('sent_at', 'compliance.col.time');
  const direction = useDirectionColumn<MessageLogRow>();
  const peer = usePeerColumn<MessageLogRow>();
  const columns: TableColumnsType<MessageLogRow> = [
    ...leading,
    direction,
    peer,
    {
      title: t('compliance.col.channel'),
      dataIndex: 'channel',
      width: 110,
      render: (channel: MessageChannel) => (
        <span className="table-tag">
          <Tag color={CHANNEL_COLOR[channel]}>{t(`compliance.channel.${channel}`)}</Tag>
        </span>
      ),
    },
    { title: t('compliance.col.text'), key: 'text', render: (_, row) => <MessageText row={row} /> },
    {
      title: t('compliance.col.attachments'),
      dataIndex: 'attachment_urls',
      width: 120,
      render: (urls: string[]) => (
        <Flex vertical gap={2}>
          {urls.map((url, i) => (
            <ExternalLink key={`${i}/${url}`} url={url} testId="message-attachment">
              {t('compliance.attachment', { n: String(i + 1) })}
            </ExternalLink>
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <ComplianceReport<MessageLogRow>
      report="message_logging"
      title="compliance.messageLogging.title"
      intro="compliance.messageLogging.intro"
      empty="compliance.messageLogging.empty"
      testId="message-logging"
      columns={columns}
      scrollX={1080}
    />
  );
}

/** Reports > SMS Opt-in: who opted in to or out of the users' text messages, and by which keyword. */
export function SmsOptInPage() {
  const { t } = useI18n();
  const leading = useLeadingColumns<SmsOptInRow>('at', 'compliance.col.time');
  const peer = usePeerColumn<SmsOptInRow>();
  const columns: TableColumnsType<SmsOptInRow> = [
    ...leading,
    peer,
    {
      title: t('compliance.col.consent'),
      dataIndex: 'opted_in',
      width: 150,
      render: (optedIn: boolean) => (
        <span className="table-tag">
          <Tag color={optedIn ? 'green' : 'volcano'}>{t(optedIn ? 'compliance.optedIn' : 'compliance.optedOut')}</Tag>
        </span>
      ),
    },
    {
      title: t('compliance.col.keyword'),
      dataIndex: 'keyword',
      width: 130,
      render: (keyword: string | null) =>
        keyword === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <span className="cell-line" title={keyword}>
            {keyword}
          </span>
        ),
    },
    { title: t('usage.col.recordId'), dataIndex: 'id', ellipsis: true },
  ];
  return (
    <ComplianceReport<SmsOptInRow>
      report="sms_opt_in"
      title="compliance.smsOptIn.title"
      intro="compliance.smsOptIn.intro"
      empty="compliance.smsOptIn.empty"
      testId="sms-opt-in"
      columns={columns}
      scrollX={905}
    />
  );
}
