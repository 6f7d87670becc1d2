/**
 * The history export's column names, per station language. The core cannot read the renderer's
 * catalogues, so the names live here, in one typed table keyed by the contract's LANGUAGES: the
 * compiler refuses a language or a column without its name, and test/unit/csv-columns.test.ts
 * checks every name is there and distinct. The cells themselves stay machine values (codes,
 * ISO times), which spreadsheets and scripts read the same in every language.
 */
import type { Language } from '../../../contract/languages.ts';

export const CSV_COLUMNS = [
  'created',
  'updated',
  'reference',
  'clientReferenceId',
  'sessionId',
  'type',
  'status',
  'lastErrorCode',
  'attempts',
  'station',
  'staff',
  'redacted',
  'redactedAt',
  // A check by staff without biometrics (status checked_by_staff); empty on every other row.
  'manualDocument',
  'manualLastDigits',
  'manualOutcome',
  'manualReason',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_COLUMN_NAMES: Readonly<Record<Language, Readonly<Record<CsvColumn, string>>>> = {
  en: {
    created: 'Created',
    updated: 'Last change',
    reference: 'Reference',
    clientReferenceId: 'Countersign reference',
    sessionId: 'Stripe session',
    type: 'Type',
    status: 'Status',
    lastErrorCode: 'Last error',
    attempts: 'Attempts',
    station: 'Station',
    staff: 'Staff',
    redacted: 'Redacted',
    redactedAt: 'Redacted at',
    manualDocument: 'Document seen by staff',
    manualLastDigits: 'Last digits seen',
    manualOutcome: 'Staff check outcome',
    manualReason: 'Why checked by staff',
  },
  ja: {
    created: '作成日時',
    updated: '最終更新日時',
    reference: '受付番号',
    clientReferenceId: 'Countersign参照番号',
    sessionId: 'Stripe確認セッションID',
    type: '種類',
    status: 'ステータス',
    lastErrorCode: '最後のエラー',
    attempts: '試行回数',
    station: '端末',
    staff: '担当スタッフ',
    redacted: '個人データ削除済み',
    redactedAt: '個人データ削除日時',
    manualDocument: 'スタッフが確認した書類',
    manualLastDigits: '確認した番号の末尾',
    manualOutcome: 'スタッフによる確認の結果',
    manualReason: 'スタッフが確認した理由',
  },
};

export function csvHeader(language: Language): string[] {
  return CSV_COLUMNS.map((column) => CSV_COLUMN_NAMES[language][column]);
}
