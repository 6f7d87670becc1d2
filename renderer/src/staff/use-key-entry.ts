/**
 * Entering a key (the secret key or the restricted one): a password field whose value leaves
 * React state the moment it is submitted (the key lives in the page only as long as it must),
 * an empty field refused here, the rest sent to main's keychain and answered with the masked
 * form. The settings action's error, note and busy flag come with it.
 */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { localError } from '../shared/local-error.ts';
import { useSettingsAction } from './use-settings-action.ts';

export function useKeyEntry(options: {
  /** What to say when nothing was pasted. */
  pasteFirst: string;
  /** Sends the key to main; resolves to the note shown when it is stored. */
  store: (key: string) => Promise<string>;
}) {
  const [key, setKey] = useState('');
  const action = useSettingsAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    const entered = key;
    setKey('');
    if (entered.trim() === '') {
      action.setError(localError('key_malformed', options.pasteFirst));
      return;
    }
    void action.run(() => options.store(entered));
  }

  return { key, setKey, submit, ...action };
}
