/**
 * The words of the fleet page's audit view (the stations' audit trails, searched by store, person
 * and action) in English (the source) and Japanese, built like messages.ts: `ja` is typed as
 * `AuditWords`, so a missing or extra key does not compile. Outcomes are keyed by the contract's
 * list, so an outcome without its words does not compile either.
 */
import type { AUDIT_OUTCOMES } from '../../../contract/staff.ts';
import type { Language } from './messages.ts';

type Outcome = (typeof AUDIT_OUTCOMES)[number];

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
};

export const AUDIT_WORDS: Record<Language, AuditWords> = { en, ja };
