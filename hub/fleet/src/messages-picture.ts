/**
 * The words of the fleet's picture — the dashboard, the session lists, station health, alerts and
 * the CSV export's column names — in English (the source) and Japanese, beside messages.ts and
 * built the same way: `ja` is typed as `PictureMessages`, so a missing or extra key does not
 * compile. The failure reasons are keyed by the contract's list of Stripe's 19 codes
 * (contract/last-error-codes.ts), so a code without its words does not compile either. These are
 * the admin's words (plain, short), not the customer's guidance the console shows.
 */
import type { LastErrorCode } from '../../../contract/last-error-codes.ts';
import type { AlertKind, ListOutcome } from '../../src/dashboard-types.ts';
import type { Language } from './messages.ts';

const reasonsEn: Record<LastErrorCode, string> = {
  abandoned: 'Left the check unfinished',
  consent_declined: 'Declined consent',
  country_not_supported: 'Country not supported',
  device_not_supported: 'Device not supported',
  document_expired: 'Document expired',
  document_type_not_supported: 'Document type not accepted',
  document_unverified_other: 'Document could not be verified',
  email_unverified_other: 'Email could not be verified',
  email_verification_declined: 'Email check declined',
  id_number_insufficient_document_data: 'Too little data to check the ID number',
  id_number_mismatch: 'ID number did not match',
  id_number_unverified_other: 'ID number could not be verified',
  phone_unverified_other: 'Phone could not be verified',
  phone_verification_declined: 'Phone check declined',
  selfie_document_missing_photo: 'No photo on the document to compare',
  selfie_face_mismatch: 'Selfie did not match the document',
  selfie_manipulated: 'Selfie looked manipulated',
  selfie_unverified_other: 'Selfie could not be verified',
  under_supported_age: 'Under the supported age',
};

const reasonsJa: Record<LastErrorCode, string> = {
  abandoned: '途中で終了',
  consent_declined: '同意なし',
  country_not_supported: '対象外の国',
  device_not_supported: '対象外の端末',
  document_expired: '書類の有効期限切れ',
  document_type_not_supported: '対象外の書類',
  document_unverified_other: '書類を確認できず',
  email_unverified_other: 'メールアドレスを確認できず',
  email_verification_declined: 'メールアドレスの確認を辞退',
  id_number_insufficient_document_data: 'ID番号の確認に必要な情報が不足',
  id_number_mismatch: 'ID番号が不一致',
  id_number_unverified_other: 'ID番号を確認できず',
  phone_unverified_other: '電話番号を確認できず',
  phone_verification_declined: '電話番号の確認を辞退',
  selfie_document_missing_photo: '書類に照合用の顔写真なし',
  selfie_face_mismatch: '自撮り写真と書類の顔写真が不一致',
  selfie_manipulated: '自撮り写真に加工の疑い',
  selfie_unverified_other: '自撮り写真を確認できず',
  under_supported_age: '対象年齢未満',
};

const en = {
  live: { on: 'Live', off: 'Reconnecting…' },
  dashboard: {
    heading: 'Verifications',
    from: 'From',
    to: 'To',
    store: 'Store',
    pick: 'Stores shown',
    allStores: 'All stores',
    rangeInvalid: 'Pick a first day on or before the last day (at most 366 days).',
    outcomes: {
      verified: 'Verified',
      failed: 'Failed',
      abandoned: 'Abandoned',
      canceled: 'Canceled',
      open: 'Not finished',
      checked_by_staff: 'Checked by staff',
    } satisfies Record<ListOutcome, string>,
    /** Checks by staff without biometrics (never sessions, never verified), by what was seen. */
    staffAccepted: 'Checked by staff: accepted',
    staffNotAccepted: 'Checked by staff: not accepted',
    started: 'Started',
    median: 'Median time to a result',
    perStore: 'Per store',
    perDay: (store: string) => `Per day — ${store}`,
    perDayChart: (store: string, from: string, to: string) =>
      `Verifications per day in ${store}, ${from} to ${to}, by outcome. The same figures are in the table below.`,
    reasons: 'Failed and abandoned, by reason',
    reasonsChart: (store: string) =>
      `Failed and abandoned verifications in ${store}, by reason. The same figures are in the table below.`,
    reason: 'Reason',
    count: 'Sessions',
    day: 'Day',
    fleet: 'All stores',
    none: 'No verification or check by staff in this range.',
    noMedian: '—',
    loadingCharts: 'Loading the charts…',
  },
  duration: (minutes: number, seconds: number) =>
    minutes > 0 ? `${minutes} min ${seconds} s` : `${seconds} s`,
  reasons: reasonsEn,
  list: {
    heading: 'Find sessions',
    store: 'In store',
    search: 'Search (session or reference, from its start)',
    outcome: 'Outcome',
    code: 'Reason',
    any: 'Any',
    apply: 'Search',
    matching: (n: string) => `${n} matching`,
    pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
    previous: 'Previous page',
    next: 'Next page',
    exportCsv: 'Export CSV',
    none: 'No session matches.',
    reference: 'Reference',
    outcomeCol: 'Outcome',
    checkedBy: 'Checked by',
    /** A check by staff: whether the document seen was accepted (the station's words). */
    checkAccepted: (accepted: boolean): string => (accepted ? 'Accepted' : 'Not accepted'),
  },
  health: {
    since: (time: string) => `since ${time}`,
    lastError: 'Last error',
    version: 'App version',
    helpCalls: 'Open help calls',
    none: '—',
  },
  /** Between two facts on one line. */
  separator: ' · ',
  alerts: {
    heading: 'Alerts',
    /** Between an alert's kind and what happened. */
    kindSeparator: ' — ',
    none: 'No open alert.',
    recent: 'Resolved lately',
    opened: (time: string) => `since ${time}`,
    resolved: (time: string) => `resolved ${time}`,
    kinds: {
      station_offline: 'Station offline in opening hours',
      help_unanswered: 'Help call unanswered',
      failure_rate: 'High failure rate',
    } satisfies Record<AlertKind, string>,
    describe: {
      station_offline: (station: string, store: string, lastSeen: string) =>
        `${station} in ${store} has not been heard from since ${lastSeen}.`,
      help_unanswered: (station: string, store: string, at: string) =>
        `A customer at ${station} in ${store} asked for help at ${at}; nobody has acknowledged it.`,
      failure_rate: (store: string, percent: number, failed: number, results: number) =>
        `${store}: ${percent}% of results failed (${failed} of ${results}).`,
    },
    delivery: {
      not_configured: 'Not sent (no alert URL)',
      pending: 'Sending',
      delivered: 'Sent',
      retrying: (attempts: number) => `Retrying (${attempts} attempts so far)`,
      gave_up: (attempts: number) => `Not delivered after ${attempts} attempts`,
    },
    settings: 'Alert settings',
    url: 'Alert URL (a signed JSON POST for each new alert)',
    secret: 'Signing secret (the receiver checks the signature with it; left empty, the hub makes one)',
    offlineMinutes: 'Station offline in opening hours for more than (minutes)',
    helpMinutes: 'Help call unanswered for more than (minutes)',
    failureRate: 'Store failure rate above (%)',
    failureWindow: 'Failure rate over the last (minutes)',
    failureMin: 'Only with at least this many results',
    offHint: 'Leave a threshold empty to turn that alert off.',
    save: 'Save alert settings',
    saved: 'Alert settings saved.',
    invalid:
      'Check the alert settings: an https:// URL (or http:// on this machine), a secret of 16 to 200 characters, and whole numbers (minutes 1 to 10,080, percent 1 to 100).',
  },
  csv: {
    created: 'Created (UTC)',
    updated: 'Last change (UTC)',
    session: 'Stripe session',
    station: 'Station',
    status: 'Status',
    outcome: 'Outcome',
    lastError: 'Last error',
    reference: 'Reference',
    checkAccepted: 'Check by staff',
    checkedBy: 'Checked by',
  },
};

export type PictureMessages = typeof en;

const ja: PictureMessages = {
  live: { on: 'リアルタイム更新中', off: '再接続中…' },
  dashboard: {
    heading: '本人確認の状況',
    from: '開始日',
    to: '終了日',
    store: '店舗',
    pick: '表示する店舗',
    allStores: 'すべての店舗',
    rangeInvalid: '開始日は終了日以前の日付を選んでください（最長366日）。',
    outcomes: {
      verified: '確認済み',
      failed: '失敗',
      abandoned: '中断',
      canceled: 'キャンセル',
      open: '未完了',
      checked_by_staff: 'スタッフ確認済み',
    },
    staffAccepted: 'スタッフ確認済み：確認できた',
    staffNotAccepted: 'スタッフ確認済み：確認できなかった',
    started: '開始',
    median: '結果までの時間（中央値）',
    perStore: '店舗別',
    perDay: (store) => `日別：${store}`,
    perDayChart: (store, from, to) =>
      `${store}の${from}から${to}までの日別の本人確認件数（結果別）。同じ数値を下の表に示します。`,
    reasons: '失敗・中断の理由',
    reasonsChart: (store) => `${store}の失敗・中断した本人確認の理由別件数。同じ数値を下の表に示します。`,
    reason: '理由',
    count: '件数',
    day: '日付',
    fleet: 'すべての店舗',
    none: 'この期間の本人確認とスタッフによる確認はありません。',
    noMedian: '—',
    loadingCharts: 'グラフを読み込み中…',
  },
  duration: (minutes, seconds) => (minutes > 0 ? `${minutes}分${seconds}秒` : `${seconds}秒`),
  reasons: reasonsJa,
  list: {
    heading: '本人確認の検索',
    store: '検索する店舗',
    search: '検索（確認セッションIDまたは参照番号の先頭から）',
    outcome: '結果',
    code: '理由',
    any: 'すべて',
    apply: '検索',
    matching: (n) => `該当：${n}件`,
    pageOf: (page, pages) => `${pages}ページ中${page}ページ目`,
    previous: '前のページ',
    next: '次のページ',
    exportCsv: 'CSVで書き出す',
    none: '該当する本人確認はありません。',
    reference: '参照番号',
    outcomeCol: '結果',
    checkedBy: '確認したスタッフ',
    checkAccepted: (accepted) => (accepted ? '確認できた' : '確認できなかった'),
  },
  health: {
    since: (time) => `${time}から`,
    lastError: '最後のエラー',
    version: 'アプリのバージョン',
    helpCalls: '未対応のスタッフの呼び出し',
    none: '—',
  },
  separator: '・',
  alerts: {
    heading: 'アラート',
    kindSeparator: '：',
    none: '対応が必要なアラートはありません。',
    recent: '最近解消したアラート',
    opened: (time) => `${time}から`,
    resolved: (time) => `${time}に解消`,
    kinds: {
      station_offline: '営業時間中に端末がオフライン',
      help_unanswered: 'スタッフの呼び出しが未対応',
      failure_rate: '失敗率が高い',
    },
    describe: {
      station_offline: (station, store, lastSeen) =>
        `${store}の${station}から${lastSeen}以降、応答がありません。`,
      help_unanswered: (station, store, at) =>
        `${store}の${station}で${at}にお客様がヘルプを呼び出しましたが、まだ確認済みになっていません。`,
      failure_rate: (store, percent, failed, results) =>
        `${store}：結果の${percent}%が失敗しています（${results}件中${failed}件）。`,
    },
    delivery: {
      not_configured: '送信なし（アラートURL未設定）',
      pending: '送信中',
      delivered: '送信済み',
      retrying: (attempts) => `再送中（これまでに${attempts}回）`,
      gave_up: (attempts) => `${attempts}回送信しましたが、届きませんでした`,
    },
    settings: 'アラートの設定',
    url: 'アラートURL（新しいアラートごとに署名付きのJSONをPOSTします）',
    secret: '署名シークレット（受信側が署名の確認に使います。空欄の場合はハブが作成します）',
    offlineMinutes: '営業時間中に端末がオフラインのまま経過した時間（分）',
    helpMinutes: 'スタッフの呼び出しが未対応のまま経過した時間（分）',
    failureRate: '店舗の失敗率のしきい値（%）',
    failureWindow: '失敗率を計算する期間（直近の分数）',
    failureMin: '結果がこの件数以上のときだけ通知',
    offHint: 'しきい値を空欄にすると、そのアラートはオフになります。',
    save: 'アラートの設定を保存',
    saved: 'アラートの設定を保存しました。',
    invalid:
      'アラートの設定を確認してください：https://で始まるURL（このマシン上ならhttp://も可）、16〜200文字のシークレット、整数（分は1〜10,080、%は1〜100）。',
  },
  csv: {
    created: '作成日時（UTC）',
    updated: '最終更新日時（UTC）',
    session: 'Stripe確認セッションID',
    station: '端末',
    status: 'ステータス',
    outcome: '結果',
    lastError: '最後のエラー',
    reference: '参照番号',
    checkAccepted: 'スタッフ確認の結果',
    checkedBy: '確認したスタッフ',
  },
};

export const PICTURE_MESSAGES: Record<Language, PictureMessages> = { en, ja };
