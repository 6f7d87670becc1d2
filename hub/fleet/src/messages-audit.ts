/**
 * The words of the fleet page's audit view (the stations' audit trails, searched by store, person
 * and action) in English (the source) and Japanese, built like messages.ts: `ja` is typed as
 * `AuditWords`, so a missing or extra key does not compile. Outcomes are keyed by the contract's
 * list, so an outcome without its words does not compile either.
 */
import type { AUDIT_OUTCOMES, REVEAL_REASONS, STAFF_ROLES } from '../../../contract/staff.ts';
import type { AuditLinkState } from '../../src/fleet-audit-api.ts';
import type { Language } from './messages.ts';

type Outcome = (typeof AUDIT_OUTCOMES)[number];
type Link = Record<AuditLinkState, string>;

const en = {
  heading: 'Audit trail',
  intro: 'What staff did at each station, as its audit trail has it. No customer personal data.',
  store: 'Store',
  anyStore: 'All stores',
  person: 'Staff (name or ID)',
  action: 'Action (from the start)',
  search: 'Search',
  when: 'When',
  station: 'Station',
  staff: 'Staff',
  what: 'Action',
  outcome: 'Outcome',
  reference: 'Reference',
  nobody: '(not signed in)',
  none: 'No entries match.',
  total: (n: string) => `${n} entries`,
  page: (page: string, of: string) => `Page ${page} of ${of}`,
  previous: 'Previous page',
  next: 'Next page',
  outcomes: {
    ok: 'Done',
    refused: 'Refused',
    failed: 'Failed',
    wrong_pin: 'Wrong PIN',
    locked: 'Locked',
  } satisfies Record<Outcome, string>,
  /** One entry's detail (AuditDetail.tsx). */
  detail: {
    column: 'Details',
    open: 'Show',
    openLabel: (station: string, seq: string) => `Show entry ${seq} at ${station}`,
    heading: (station: string, seq: string) => `Entry ${seq} at ${station}`,
    loading: 'Loading the entry…',
    close: 'Close',
    empty: '—',
    code: (code: string) => ` (${code})`,
    fields: 'The entry',
    receivedAt: 'Received by the hub',
    stationInEntry: 'Station name in the entry',
    staffId: 'Staff ID',
    role: 'Role',
    sessionId: 'Verification ID',
    reason: 'Reason',
    note: 'Note',
    detailText: 'Detail',
    seq: 'Entry number',
    prev: 'Hash of the entry before',
    hash: 'Hash',
    roles: { clerk: 'Staff', manager: 'Manager' } satisfies Record<(typeof STAFF_ROLES)[number], string>,
    reasons: { age_check: 'Age check', contract: 'Contract', other: 'Other' } satisfies Record<
      (typeof REVEAL_REASONS)[number],
      string
    >,
    chain: 'The hub’s check of the chain',
    ownHash: 'Its own hash',
    hashRight: 'Right: the hub recomputed it from the entry’s fields.',
    hashWrong: 'Wrong: the entry was changed after it was written.',
    before: 'The entry before',
    after: 'The entry after',
    linkBefore: {
      linked: 'Linked to the entry before.',
      not_linked: 'Does not match the entry before: an entry was changed or removed.',
      unknown:
        'Not checked: the hub does not hold the entry before (not uploaded yet, or removed by retention).',
    } satisfies Link,
    firstEntry: 'None: this is the station’s first entry.',
    linkAfter: {
      linked: 'The entry after links back to this one.',
      not_linked: 'The entry after does not link back to this one: an entry was changed or removed.',
      unknown:
        'Not checked: the hub does not hold the entry after (not uploaded yet, removed by retention, or this is the newest).',
    } satisfies Link,
  },
};

export type AuditWords = typeof en;

const ja: AuditWords = {
  heading: '監査ログ',
  intro: '各端末でスタッフが行った操作の記録です。お客様の個人データは含みません。',
  store: '店舗',
  anyStore: 'すべての店舗',
  person: 'スタッフ（名前またはID）',
  action: '操作（先頭から一致）',
  search: '検索',
  when: '日時',
  station: '端末',
  staff: 'スタッフ',
  what: '操作',
  outcome: '結果',
  reference: '受付番号',
  nobody: '（サインインなし）',
  none: '該当する記録はありません。',
  total: (n) => `${n}件`,
  page: (page, of) => `${page}／${of}ページ`,
  previous: '前のページ',
  next: '次のページ',
  outcomes: {
    ok: '完了',
    refused: '拒否',
    failed: '失敗',
    wrong_pin: 'PIN誤り',
    locked: 'ロック中',
  },
  detail: {
    column: '詳細',
    open: '表示',
    openLabel: (station, seq) => `${station}の記録${seq}を表示`,
    heading: (station, seq) => `${station}の記録${seq}`,
    loading: '記録を読み込んでいます…',
    close: '閉じる',
    empty: '—',
    code: (code) => `（${code}）`,
    fields: '記録の内容',
    receivedAt: 'ハブの受信日時',
    stationInEntry: '記録上の端末名',
    staffId: 'スタッフID',
    role: '役割',
    sessionId: '確認セッションID',
    reason: '理由',
    note: 'メモ',
    detailText: '詳細',
    seq: '記録番号',
    prev: '前の記録のハッシュ',
    hash: 'ハッシュ',
    roles: { clerk: 'スタッフ', manager: '店長' },
    reasons: { age_check: '年齢確認', contract: '契約', other: 'その他' },
    chain: 'ハブによるつながりの確認',
    ownHash: 'この記録のハッシュ',
    hashRight: '正しい：ハブが記録の内容から計算し直して一致しました。',
    hashWrong: '一致しません：記録が書き込まれた後に変更されています。',
    before: '前の記録',
    after: '次の記録',
    linkBefore: {
      linked: '前の記録とつながっています。',
      not_linked: '前の記録と一致しません：記録が変更または削除されています。',
      unknown:
        '未確認：前の記録はハブにありません（まだ送信されていないか、保存期間を過ぎて削除されました）。',
    },
    firstEntry: 'なし：この端末の最初の記録です。',
    linkAfter: {
      linked: '次の記録がこの記録とつながっています。',
      not_linked: '次の記録がこの記録と一致しません：記録が変更または削除されています。',
      unknown:
        '未確認：次の記録はハブにありません（まだ送信されていないか、保存期間を過ぎて削除されたか、これが最新の記録です）。',
    },
  },
};

export const AUDIT_WORDS: Record<Language, AuditWords> = { en, ja };
