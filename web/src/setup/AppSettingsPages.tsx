import { AppSettingsForm } from './AppSettingsForm';
import type { AppSettingField } from './AppSettingsForm';

const RECORDING: AppSettingField[] = [
  { key: 'call_recording_enabled', label: 'recording.callRecording', help: 'recording.callRecordingHelp', kind: 'switch' },
  { key: 'message_logging_enabled', label: 'recording.messageLogging', help: 'recording.messageLoggingHelp', kind: 'switch' },
  {
    key: 'recording_announcement',
    label: 'recording.announcement',
    help: 'recording.announcementHelp',
    kind: 'textarea',
    maxLength: 500,
  },
  {
    key: 'recording_retention_days',
    label: 'recording.retention',
    help: 'recording.retentionHelp',
    kind: 'integer',
    min: 1,
    max: 36500,
  },
];

/** Setup > Mobile Recording: whether the app's calls are recorded and its messages logged, and for how long they are kept. */
export function RecordingPage() {
  return (
    <AppSettingsForm
      name="recording"
      title="recording.title"
      intro="recording.intro"
      fields={RECORDING}
      editPrivilege="setup.edit.recording"
      savedMessage="recording.saved"
    />
  );
}

const MESSAGES: AppSettingField[] = [
  { key: 'message_sync_enabled', label: 'messagesSetup.sync', help: 'messagesSetup.syncHelp', kind: 'switch' },
  { key: 'multimedia_messages_enabled', label: 'messagesSetup.multimedia', help: 'messagesSetup.multimediaHelp', kind: 'switch' },
  {
    key: 'max_attachment_mb',
    label: 'messagesSetup.maxAttachment',
    help: 'messagesSetup.maxAttachmentHelp',
    kind: 'integer',
    min: 1,
    max: 100,
  },
];

/** Setup > Messages: how the app handles the users' messages. */
export function MessagesPage() {
  return (
    <AppSettingsForm
      name="messages"
      title="messagesSetup.title"
      intro="messagesSetup.intro"
      fields={MESSAGES}
      editPrivilege="setup.edit.messages"
      savedMessage="messagesSetup.saved"
    />
  );
}

const SMS_OPT_IN: AppSettingField[] = [
  { key: 'sms_opt_in_enabled', label: 'smsOptIn.enabled', help: 'smsOptIn.enabledHelp', kind: 'switch' },
  { key: 'sms_opt_in_keyword', label: 'smsOptIn.keyword', help: 'smsOptIn.keywordHelp', kind: 'text', maxLength: 20 },
  {
    key: 'sms_opt_in_confirmation',
    label: 'smsOptIn.confirmation',
    help: 'smsOptIn.confirmationHelp',
    kind: 'textarea',
    maxLength: 320,
  },
  { key: 'sms_opt_in_help', label: 'smsOptIn.help', help: 'smsOptIn.helpHelp', kind: 'textarea', maxLength: 320 },
];

/** Setup > SMS Opt-In: the keyword that opts a contact in to the users' SMS, and the answers sent. */
export function SmsOptInPage() {
  return (
    <AppSettingsForm
      name="smsOptIn"
      title="smsOptIn.title"
      intro="smsOptIn.intro"
      fields={SMS_OPT_IN}
      editPrivilege="setup.edit.sms_opt_in"
      savedMessage="smsOptIn.saved"
    />
  );
}
