/**
 * Every word of the fleet page and the sign-in page, in English (the source) and Japanese. `ja`
 * is typed as `Messages`, so a missing or an extra key there fails `npm run typecheck`. No DOM,
 * and no imports but the overview's (import-free) file and the contract's lists of Stripe's
 * statuses and error codes (each has its words here): the hub renders the sign-in page with it.
 * Words that take values are functions; counts go through `Intl.PluralRules` (see `Plural`).
 */
import type { LastErrorCode } from '../../../contract/last-error-codes.ts';
import type { StripeSessionStatus } from '../../../contract/session-status.ts';
import { FIELD_MAX, type FleetErrorCode } from '../../src/fleet-overview.ts';
import type { UpdateErrorCode } from '../../src/updates/types.ts';

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';
/** Each language in its own words (the switch shows these, whatever the page's language). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語' };
/** The locale for Intl's plurals, times and numbers. */
export const LANGUAGE_LOCALES: Record<Language, string> = { en: 'en-US', ja: 'ja-JP' };

/** A count's words by plural category; `#` is the count, formatted. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const en = {
  pageTitle: 'Fleet — Countersign Hub',
  heading: 'Countersign Hub — fleet',
  language: 'Language',
  signOut: 'Sign out',
  loading: 'Loading…',
  asOf: (time: string) => `As of ${time}.`,

  newStation: 'New station',
  store: 'Store',
  stationName: 'Station name',
  kind: 'Kind',
  kinds: { counter: 'Counter', kiosk: 'Kiosk' },
  createCode: 'Create enrollment code',
  enrollmentCode: 'Enrollment code',
  codeFor: (name: string, kind: string, store: string) =>
    `Enrollment code for ${name} (${kind}) in ${store}:`,
  codeValid: (time: string) =>
    `Valid once, until ${time}. It is shown only now: enter it in the station’s Settings → Connect to a hub.`,
  done: 'Done',

  stations: 'Stations',
  stationCount: { one: '# station enrolled.', other: '# stations enrolled.' } as Plural,
  noStations: 'No station enrolled yet.',
  colStation: 'Station',
  colStore: 'Store',
  colKind: 'Kind',
  colState: 'State',
  colLastSeen: 'Last seen',
  colQueued: 'Queued',
  colActive: 'Active sessions',
  colShare: 'Store sharing',
  colAction: 'Action',
  states: { online: 'online', offline: 'offline', revoked: 'revoked' },
  shareLabel: 'Sees its store’s sessions',
  shareHint:
    'A station that sees its store’s sessions can read, follow and cancel every session of its store, not only its own.',
  revoke: 'Revoke',
  revokeLabel: (name: string) => `Revoke ${name}`,
  revokeAsk: (name: string) => `Revoke ${name}?`,
  revokeWarning: 'Its token stops working at once. Revoke?',
  revokeYes: (name: string) => `Yes, revoke ${name}`,
  cancel: 'Cancel',
  /** A kiosk's open calls for help, their times (hours:minutes, the viewer's zone) joined by `helpTimesSeparator`. */
  helpRequested: (times: string) => `Help requested ${times}`,
  helpTimesSeparator: ', ',
  acknowledge: 'Acknowledge',
  acknowledgeLabel: (name: string) => `Acknowledge the call for help at ${name}`,

  sessionsByStore: 'Sessions by store',
  sessionsIn: (store: string) => `Sessions in ${store}`,
  sessionCount: { one: '# session', other: '# sessions' } as Plural,
  /** After a store's name in its heading: the count, in brackets (the space and brackets are the language's). */
  storeCount: (count: string) => ` (${count})`,
  noSessions: 'No sessions yet.',
  colSession: 'Session',
  colStatus: 'Status',
  colCode: 'Code',
  colCreated: 'Created',
  colUpdated: 'Updated',
  olderSessions: 'Show older sessions',
  olderSessionsIn: (store: string) => `Show older sessions in ${store}`,
  /** A session's status and last error in words; the raw code stays in the cell's tooltip. */
  statuses: {
    requires_input: 'Needs input',
    processing: 'Processing',
    verified: 'Verified',
    canceled: 'Canceled',
  } satisfies Record<StripeSessionStatus, string>,
  errorCodes: {
    abandoned: 'Customer left',
    consent_declined: 'Consent declined',
    country_not_supported: 'Country not supported',
    device_not_supported: 'Device not supported',
    document_expired: 'Document expired',
    document_type_not_supported: 'Document type not accepted',
    document_unverified_other: 'Document not verified',
    email_unverified_other: 'Email not verified',
    email_verification_declined: 'Email code not entered',
    id_number_insufficient_document_data: 'ID number: not enough data',
    id_number_mismatch: 'ID number mismatch',
    id_number_unverified_other: 'ID number not verified',
    phone_unverified_other: 'Phone not verified',
    phone_verification_declined: 'Phone code not entered',
    selfie_document_missing_photo: 'No photo on the document',
    selfie_face_mismatch: 'Selfie does not match',
    selfie_manipulated: 'Selfie manipulated',
    selfie_unverified_other: 'Selfie not verified',
    under_supported_age: 'Under the supported age',
  } satisfies Record<LastErrorCode, string>,
  /** The raw code, for the tooltip of a status or an error shown in words. */
  codeTooltip: (code: string) => `Code: ${code}`,

  /** The Updates view (#updates): channels and their rollout, an upload, versions per store. */
  updates: {
    link: 'Updates',
    back: 'Stations and sessions',
    heading: 'Updates',
    channels: 'Channels',
    noChannels: 'No release published yet. Upload one below.',
    colChannel: 'Channel',
    colCurrent: 'Current release',
    colPrevious: 'Previous release',
    colRollout: 'Rollout',
    colProgress: 'Stations updated',
    none: '—',
    stage: (pct: string) => `Offered to ${pct} % of its stations`,
    everyone: 'Offered to every station',
    paused: 'Paused: no station starts it',
    rolledBack: (time: string) => `Rolled back ${time}`,
    progress: (n: string, total: string, version: string) => `${n} of ${total} on ${version}`,
    stageLabel: (channel: string) => `Stage of ${channel} (%)`,
    setStage: 'Set stage',
    pause: 'Pause',
    resume: 'Resume',
    rollback: 'Roll back',
    rollbackAsk: (from: string, to: string) =>
      `Roll back from ${from} to ${to} on every station of the channel?`,
    rollbackYes: (to: string) => `Yes, roll back to ${to}`,
    upload: 'Upload a release',
    uploadHint:
      'Pick what electron-builder wrote into release/: the latest*.yml files, the installers they name and their .blockmap files. Each file is checked against its size and sha512 in the metadata.',
    uploadChannel: 'Channel',
    uploadFiles: 'Files',
    uploadStage: 'First stage (%)',
    uploadSubmit: 'Upload and publish',
    uploadNoMetadata: 'Pick the latest.yml, latest-mac.yml or latest-linux.yml file too.',
    uploadMissing: (names: string) => `These files are named by the metadata but were not picked: ${names}.`,
    uploading: (name: string) => `Uploading ${name}…`,
    published: (version: string, channel: string, pct: string) =>
      `${version} is published on ${channel} for ${pct} % of its stations.`,
    stores: 'Versions by store',
    storeChannel: (store: string) => `Channel of ${store}`,
    colVersion: 'Version',
    colStage: 'In the stage',
    notReported: 'not reported yet',
    inStage: 'yes',
    notInStage: 'not yet',
    onCurrent: 'up to date',
  },

  /** Shown by the refusal's code; in English the hub's own message is shown when it sent one. */
  errors: {
    admin_signin_required: 'Sign in to the fleet page first.',
    csrf_invalid: 'This form has expired. Reload the page and try again.',
    rate_limit: 'Too many requests. Wait a moment and try again.',
    parameter_invalid: `Give a store and a station name (1 to ${FIELD_MAX} characters each) and a kind (counter or kiosk).`,
    resource_missing: 'No such station, or it is already revoked.',
    audit_entry_missing: 'The hub does not hold this audit entry (removed by retention, or never uploaded).',
    hub_error: 'The hub could not do this. Try again.',
    network: 'The hub cannot be reached. Check the connection and try again.',
    update_metadata_invalid:
      'This is not the update metadata electron-builder writes (latest*.yml), or its files disagree on the version.',
    update_file_unknown: 'This file is not named by the release’s metadata.',
    update_file_mismatch:
      'A file does not match its metadata (size or sha512): upload the files of one build together.',
    release_incomplete: 'Upload every file the metadata names before publishing.',
    release_exists: 'This version is already published on this channel. Build a new version.',
    rollback_unavailable: 'This channel has no previous release to roll back to.',
  } satisfies Record<FleetErrorCode | UpdateErrorCode | 'hub_error' | 'network', string>,

  signIn: {
    title: 'Sign in — Countersign Hub',
    password: 'Admin password',
    submit: 'Sign in',
    noPassword: 'No admin password is set. Start the hub with HUB_ADMIN_PASSWORD or run:',
    wrong_password: 'Wrong password.',
    signin_expired: 'This sign-in form has expired. Try again.',
    too_many_attempts: (seconds: number) =>
      `Too many sign-in attempts. Wait ${seconds === 1 ? '1 second' : `${seconds} seconds`} and try again.`,
  },
};

export type Messages = typeof en;
/** A sign-in refusal the sign-in page shows. */
export type SignInError = 'wrong_password' | 'signin_expired' | 'too_many_attempts';

const ja: Messages = {
  pageTitle: '端末管理 — Countersign Hub',
  heading: 'Countersign Hub — 端末管理',
  language: '表示言語',
  signOut: 'サインアウト',
  loading: '読み込み中…',
  asOf: (time) => `${time}時点`,

  newStation: '端末の追加',
  store: '店舗',
  stationName: '端末名',
  kind: '種類',
  kinds: { counter: 'カウンター', kiosk: 'キオスク' },
  createCode: '登録コードを発行',
  enrollmentCode: '登録コード',
  codeFor: (name, kind, store) => `${store}の${name}（${kind}）の登録コード：`,
  codeValid: (time) =>
    `${time}まで、1回だけ使えます。表示されるのは今回限りです。端末の「設定」→「ハブに接続」で入力してください。`,
  done: '完了',

  stations: '端末',
  stationCount: { other: '登録済みの端末：#台' },
  noStations: '登録済みの端末はまだありません。',
  colStation: '端末',
  colStore: '店舗',
  colKind: '種類',
  colState: '状態',
  colLastSeen: '最終接続',
  colQueued: '送信待ち',
  colActive: '進行中の本人確認',
  colShare: '店舗内共有',
  colAction: '操作',
  states: { online: 'オンライン', offline: 'オフライン', revoked: '無効化済み' },
  shareLabel: '店舗の本人確認をすべて参照',
  shareHint:
    '店舗の本人確認をすべて参照できる端末は、自分が開始したものだけでなく、同じ店舗のすべての本人確認を閲覧・追跡・キャンセルできます。',
  revoke: '無効化',
  revokeLabel: (name) => `${name}を無効化`,
  revokeAsk: (name) => `${name}を無効化しますか？`,
  revokeWarning: 'この端末のトークンはすぐに使えなくなります。無効化しますか？',
  revokeYes: (name) => `${name}を無効化する`,
  cancel: 'キャンセル',
  helpRequested: (times) => `スタッフの呼び出し：${times}`,
  helpTimesSeparator: '、',
  acknowledge: '確認済みにする',
  acknowledgeLabel: (name) => `${name}のスタッフの呼び出しを確認済みにする`,

  sessionsByStore: '店舗別の本人確認',
  sessionsIn: (store) => `${store}の本人確認`,
  sessionCount: { other: '#件' },
  storeCount: (count) => `（${count}）`,
  noSessions: '本人確認はまだありません。',
  colSession: '確認セッション',
  colStatus: 'ステータス',
  colCode: 'エラーコード',
  colCreated: '作成日時',
  colUpdated: '更新日時',
  olderSessions: 'さらに古い本人確認を表示',
  olderSessionsIn: (store) => `${store}のさらに古い本人確認を表示`,
  statuses: {
    requires_input: '入力待ち',
    processing: '確認中',
    verified: '確認済み',
    canceled: 'キャンセル済み',
  },
  errorCodes: {
    abandoned: '途中で終了',
    consent_declined: '同意なし',
    country_not_supported: '対象外の国',
    device_not_supported: '対象外のデバイス',
    document_expired: '書類の有効期限切れ',
    document_type_not_supported: '対象外の種類の書類',
    document_unverified_other: '書類を確認できず',
    email_unverified_other: 'メールアドレスを確認できず',
    email_verification_declined: 'メールの確認コード未入力',
    id_number_insufficient_document_data: 'ID番号：書類の情報不足',
    id_number_mismatch: 'ID番号の不一致',
    id_number_unverified_other: 'ID番号を確認できず',
    phone_unverified_other: '電話番号を確認できず',
    phone_verification_declined: 'SMSの確認コード未入力',
    selfie_document_missing_photo: '書類に顔写真なし',
    selfie_face_mismatch: '自撮り写真の不一致',
    selfie_manipulated: '自撮り写真の加工',
    selfie_unverified_other: '自撮り写真を確認できず',
    under_supported_age: '対象年齢未満',
  },
  codeTooltip: (code) => `コード：${code}`,

  updates: {
    link: 'アップデート',
    back: '端末と本人確認',
    heading: 'アップデート',
    channels: 'チャネル',
    noChannels: '公開済みのリリースはまだありません。下のフォームからアップロードしてください。',
    colChannel: 'チャネル',
    colCurrent: '現在のリリース',
    colPrevious: '前のリリース',
    colRollout: '段階配信',
    colProgress: '更新済みの端末',
    none: '—',
    stage: (pct) => `端末の${pct}%に配信中`,
    everyone: 'すべての端末に配信中',
    paused: '一時停止中（新たに更新する端末はありません）',
    rolledBack: (time) => `${time}にロールバック`,
    progress: (n, total, version) => `${total}台中${n}台が${version}`,
    stageLabel: (channel) => `${channel}の配信率（%）`,
    setStage: '配信率を変更',
    pause: '一時停止',
    resume: '再開',
    rollback: 'ロールバック',
    rollbackAsk: (from, to) => `このチャネルのすべての端末を${from}から${to}に戻しますか？`,
    rollbackYes: (to) => `${to}に戻す`,
    upload: 'リリースのアップロード',
    uploadHint:
      'electron-builderがrelease/に出力したファイル（latest*.yml、そこに記載されたインストーラー、それぞれのblockmapファイル）を選んでください。各ファイルのサイズとsha512は、メタデータと照合されます。',
    uploadChannel: 'チャネル',
    uploadFiles: 'ファイル',
    uploadStage: '最初の配信率（%）',
    uploadSubmit: 'アップロードして公開',
    uploadNoMetadata: 'latest.yml、latest-mac.yml、latest-linux.ymlのいずれかも選んでください。',
    uploadMissing: (names) => `メタデータに記載されていますが、選ばれていないファイルがあります：${names}`,
    uploading: (name) => `${name}をアップロード中…`,
    published: (version, channel, pct) => `${version}を${channel}の端末の${pct}%に公開しました。`,
    stores: '店舗別のバージョン',
    storeChannel: (store) => `${store}のチャネル`,
    colVersion: 'バージョン',
    colStage: '配信対象',
    notReported: '未報告',
    inStage: '対象',
    notInStage: '対象外',
    onCurrent: '最新',
  },

  errors: {
    admin_signin_required: '先に端末管理画面にサインインしてください。',
    csrf_invalid: 'フォームの有効期限が切れました。ページを再読み込みして、もう一度お試しください。',
    rate_limit: 'リクエストが多すぎます。しばらく待ってから、もう一度お試しください。',
    parameter_invalid: `店舗名と端末名（それぞれ1〜${FIELD_MAX}文字）を入力し、種類（カウンターまたはキオスク）を選んでください。`,
    resource_missing: 'この端末は見つからないか、すでに無効化されています。',
    audit_entry_missing:
      'この監査ログの記録はハブにありません（保存期間を過ぎて削除されたか、まだ送信されていません）。',
    hub_error: 'ハブで処理できませんでした。もう一度お試しください。',
    network: 'ハブに接続できません。接続を確認して、もう一度お試しください。',
    update_metadata_invalid:
      'electron-builderが出力するアップデートのメタデータ（latest*.yml）ではないか、ファイル間でバージョンが一致しません。',
    update_file_unknown: 'このファイルはリリースのメタデータに記載されていません。',
    update_file_mismatch:
      'メタデータとサイズまたはsha512が一致しないファイルがあります。同じビルドのファイルをまとめてアップロードしてください。',
    release_incomplete: '公開する前に、メタデータに記載されたすべてのファイルをアップロードしてください。',
    release_exists: 'このバージョンはこのチャネルで公開済みです。新しいバージョンをビルドしてください。',
    rollback_unavailable: 'このチャネルには戻せる前のリリースがありません。',
  },

  signIn: {
    title: 'サインイン — Countersign Hub',
    password: '管理者パスワード',
    submit: 'サインイン',
    noPassword:
      '管理者パスワードが設定されていません。HUB_ADMIN_PASSWORDを指定してハブを起動するか、次のコマンドを実行してください：',
    wrong_password: 'パスワードが正しくありません。',
    signin_expired: 'サインインフォームの有効期限が切れました。もう一度お試しください。',
    too_many_attempts: (seconds) =>
      `サインインの試行回数が多すぎます。${seconds}秒待ってから、もう一度お試しください。`,
  },
};

export const MESSAGES: Record<Language, Messages> = { en, ja };

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** The first of the reader's preferred languages (BCP 47 tags, best first) the page speaks. */
export function pickLanguage(preferences: readonly string[]): Language {
  for (const tag of preferences) {
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}

/** An `Accept-Language` header's tags, best first (q=0 means "not this one"). */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((p) => p.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}

/** A count in words: the plural category by the language's rules, `#` the count formatted. */
export function plural(language: Language, count: number, forms: Plural): string {
  const locale = LANGUAGE_LOCALES[language];
  const form = forms[new Intl.PluralRules(locale).select(count)] ?? forms.other;
  return form.replace('#', new Intl.NumberFormat(locale).format(count));
}
