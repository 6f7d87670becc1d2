/**
 * The fleet page's words for staff members (issue 19, item 1), English (the source) and Japanese
 * (typed as the English shape: a missing or extra key fails the typecheck).
 */
import type { StaffRole } from '../../../contract/staff.ts';
import type { Language } from './messages.ts';

const en = {
  heading: 'Staff',
  hint: 'Each store’s staff sign in at its stations with their PIN. Stations get a change at once, or when they next connect. While a store has staff, sign-in is on at its stations, and it keeps a manager.',
  store: 'Staff of the store',
  chooseStore: 'Choose a store',
  none: 'This store has no staff on the hub. Its stations use their own staff settings.',
  colName: 'Name',
  colRole: 'Role',
  colChanged: 'Changed',
  colActions: 'Actions',
  roles: { clerk: 'Clerk', manager: 'Manager' } satisfies Record<StaffRole, string>,
  addHeading: 'Add a staff member',
  name: 'Name',
  role: 'Role',
  pin: 'PIN (4–8 digits)',
  add: 'Add staff member',
  added: (name: string) => `${name} was added.`,
  makeRole: (role: StaffRole, name: string) =>
    role === 'manager' ? `Make ${name} a manager` : `Make ${name} a clerk`,
  roleChanged: (name: string) => `${name}’s role was changed.`,
  resetPin: (name: string) => `Reset ${name}’s PIN`,
  newPin: (name: string) => `New PIN for ${name} (4–8 digits)`,
  savePin: 'Save the PIN',
  pinReset: (name: string) => `${name}’s PIN was reset. Their stations get it at once.`,
  remove: (name: string) => `Remove ${name}`,
  removeAsk: (name: string) => `Remove ${name} from this store’s staff?`,
  removeWarning:
    'They can no longer sign in at this store’s stations; if signed in now, they are signed out.',
  removeYes: (name: string) => `Remove ${name}`,
  removed: (name: string) => `${name} was removed.`,
  cancel: 'Cancel',
  errors: {
    pin_digits_only: 'The PIN can only contain digits (0–9).',
    pin_length: 'The PIN must have 4 to 8 digits.',
    pin_too_easy:
      'This PIN is too easy to guess. Choose digits that are not a run, a repeat or a common PIN such as 0000 or 1234.',
    staff_last_manager:
      'This is the store’s last manager. Make another member a manager first, or remove the others.',
    staff_need_manager: 'A store’s first staff member is a manager. Add a manager first.',
    parameter_invalid: 'Give a name (1–60 characters), a role and a PIN.',
  },
};

export type StaffWords = typeof en;

const ja: StaffWords = {
  heading: 'スタッフ',
  hint: '各店舗のスタッフは、その店舗の端末でPINを使ってサインインします。変更は端末にすぐ届きます。オフラインの端末には次の接続時に届きます。店舗にスタッフがいる間は、その店舗の端末でサインインが有効になり、店長が1人以上必要です。',
  store: 'スタッフを表示する店舗',
  chooseStore: '店舗を選んでください',
  none: 'この店舗のスタッフはハブに登録されていません。端末ごとのスタッフ設定が使われます。',
  colName: '名前',
  colRole: '役割',
  colChanged: '変更日時',
  colActions: '操作',
  roles: { clerk: 'スタッフ', manager: '店長' },
  addHeading: 'スタッフを追加',
  name: '名前',
  role: '役割',
  pin: 'PIN（4〜8桁）',
  add: 'スタッフを追加',
  added: (name) => `${name}さんを追加しました。`,
  makeRole: (role, name) => (role === 'manager' ? `${name}さんを店長にする` : `${name}さんをスタッフにする`),
  roleChanged: (name) => `${name}さんの役割を変更しました。`,
  resetPin: (name) => `${name}さんのPINを再設定`,
  newPin: (name) => `${name}さんの新しいPIN（4〜8桁）`,
  savePin: 'PINを保存',
  pinReset: (name) => `${name}さんのPINを再設定しました。端末にすぐ届きます。`,
  remove: (name) => `${name}さんを削除`,
  removeAsk: (name) => `${name}さんをこの店舗のスタッフから削除しますか？`,
  removeWarning: 'この店舗の端末でサインインできなくなります。サインイン中の場合はサインアウトされます。',
  removeYes: (name) => `${name}さんを削除する`,
  removed: (name) => `${name}さんを削除しました。`,
  cancel: 'キャンセル',
  errors: {
    pin_digits_only: 'PINには数字（0〜9）のみ使えます。',
    pin_length: 'PINは4〜8桁にしてください。',
    pin_too_easy:
      'このPINは推測されやすいため使えません。連続した数字、同じ数字の繰り返し、0000や1234のようなよく使われるPINは避けてください。',
    staff_last_manager:
      'この店舗の最後の店長です。先に別のスタッフを店長にするか、ほかのスタッフを削除してください。',
    staff_need_manager: '店舗の最初のスタッフは店長にしてください。先に店長を追加してください。',
    parameter_invalid: '名前（1〜60文字）、役割、PINを入力してください。',
  },
};

export const STAFF_WORDS: Record<Language, StaffWords> = { en, ja };
