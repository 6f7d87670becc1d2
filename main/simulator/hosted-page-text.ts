/**
 * The hosted page's words in each language the app speaks (contract/languages.ts), and the
 * choice of one from the request's Accept-Language, as Stripe's own hosted flow does. The
 * English hints are the codes' reasons (failures.ts); the Japanese ones say the same.
 */
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../contract/languages.ts';
import { FAILURES, type Outcome } from './failures.ts';

export interface HostedText {
  title: string;
  banner: string;
  /** Before the session id, and after it. */
  intro: readonly [string, string];
  labels: Readonly<Record<Outcome, string>>;
  hints: Readonly<Record<Outcome, string>>;
  done: { heading: string; body: string };
  expired: { heading: string; body: string };
  notFound: { heading: string; body: string };
}

const EN_HINTS = Object.fromEntries(
  Object.entries(FAILURES).map(([code, failure]) => [code, failure.reason]),
) as Record<Exclude<Outcome, 'verified'>, string>;

export const HOSTED_TEXT: Readonly<Record<Language, HostedText>> = {
  en: {
    title: 'Stripe Identity — test mode (simulated)',
    banner: 'Test mode — simulated, no real check is made',
    intro: ['Choose what this simulated verification should return for ', '.'],
    labels: {
      verified: 'Verify',
      abandoned: 'Leave',
      consent_declined: 'Decline consent',
      country_not_supported: 'Unsupported country',
      device_not_supported: 'Unsupported device',
      document_expired: 'Expired document',
      document_type_not_supported: 'Unsupported document type',
      document_unverified_other: 'Unverifiable document',
      email_unverified_other: 'Unverifiable email',
      email_verification_declined: 'Decline email code',
      id_number_insufficient_document_data: 'ID number: too little document data',
      id_number_mismatch: 'ID number mismatch',
      id_number_unverified_other: 'Unverifiable ID number',
      phone_unverified_other: 'Unverifiable phone',
      phone_verification_declined: 'Decline phone code',
      selfie_document_missing_photo: 'Document without a photo',
      selfie_face_mismatch: 'Selfie mismatch',
      selfie_manipulated: 'Manipulated selfie',
      selfie_unverified_other: 'Unverifiable selfie',
      under_supported_age: 'Under the supported age',
    },
    hints: { verified: 'Every check passes.', ...EN_HINTS },
    done: { heading: 'You’re done.', body: 'You can return to the counter.' },
    expired: {
      heading: 'This link has expired',
      body: 'The verification link was already used or is no longer valid. Ask for a new one to try again.',
    },
    notFound: { heading: 'Page not found', body: 'There is nothing at this address.' },
  },
  ja: {
    title: 'Stripe Identity — テストモード（シミュレーション）',
    banner: 'テストモード — シミュレーションのため、実際の確認は行われません',
    intro: ['', 'のシミュレーションで返す結果を選んでください。'],
    labels: {
      verified: '確認を完了する',
      abandoned: '途中でやめる',
      consent_declined: '同意しない',
      country_not_supported: '対象外の国',
      device_not_supported: '対象外のデバイス',
      document_expired: '有効期限切れの書類',
      document_type_not_supported: '対象外の種類の書類',
      document_unverified_other: '確認できない書類',
      email_unverified_other: '確認できないメールアドレス',
      email_verification_declined: 'メールの確認コードを入力しない',
      id_number_insufficient_document_data: 'ID番号：書類の情報が不足',
      id_number_mismatch: 'ID番号の不一致',
      id_number_unverified_other: '確認できないID番号',
      phone_unverified_other: '確認できない電話番号',
      phone_verification_declined: '電話の確認コードを入力しない',
      selfie_document_missing_photo: '顔写真のない書類',
      selfie_face_mismatch: '自撮り写真の不一致',
      selfie_manipulated: '加工された自撮り写真',
      selfie_unverified_other: '確認できない自撮り写真',
      under_supported_age: '対象年齢未満',
    },
    hints: {
      verified: 'すべての確認に合格します。',
      abandoned: '本人確認を最後まで終えていません。',
      consent_declined: 'Stripeによる本人確認に同意しませんでした。',
      country_not_supported: 'この国は本人確認の対象外です。',
      device_not_supported: 'このデバイスは本人確認に対応していません。',
      document_expired: '書類の有効期限が切れています。',
      document_type_not_supported: '提示された種類の書類には対応していません。',
      document_unverified_other: '書類を確認できませんでした。',
      email_unverified_other: 'メールアドレスを確認できませんでした。',
      email_verification_declined: 'メールの確認コードを入力しませんでした。',
      id_number_insufficient_document_data: '書類に、ID番号を照合するための情報が足りません。',
      id_number_mismatch: 'ID番号が氏名・生年月日と一致しません。',
      id_number_unverified_other: 'ID番号を確認できませんでした。',
      phone_unverified_other: '電話番号を確認できませんでした。',
      phone_verification_declined: 'SMSの確認コードを入力しませんでした。',
      selfie_document_missing_photo: '書類に顔写真がありません。',
      selfie_face_mismatch: '自撮り写真が書類の顔写真と一致しません。',
      selfie_manipulated: '自撮り写真が加工されています。',
      selfie_unverified_other: '自撮り写真を確認できませんでした。',
      under_supported_age: '対象年齢に達していません。',
    },
    done: { heading: '手続きが完了しました。', body: 'カウンターへお戻りください。' },
    expired: {
      heading: 'このリンクは有効期限が切れています',
      body: 'この本人確認のリンクは使用済みか、すでに無効です。もう一度お試しになる場合は、新しいリンクをお求めください。',
    },
    notFound: { heading: 'ページが見つかりません', body: 'このアドレスには何もありません。' },
  },
};

/**
 * The language to answer in: the first of the request's Accept-Language ranges (by weight, then
 * order) whose primary tag the page speaks; English when none does, or the header is missing.
 * `ja-JP`, `ja` and `ja;q=0.9` all mean Japanese; `*` means no preference.
 */
export function languageFromAcceptLanguage(header: string | string[] | undefined): Language {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranges = text
    // Bounded: a header is a handful of ranges, never a reason to do much work.
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return {
        primary: range.trim().toLowerCase().split('-')[0] ?? '',
        q: q === undefined ? 1 : Number(q),
        index,
      };
    })
    .filter((r) => r.primary !== '' && r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map((r) => r.primary).find(isLanguage) ?? DEFAULT_LANGUAGE;
}
