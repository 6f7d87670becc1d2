/**
 * One settings action at a time (store a key, connect to a hub…): busy while it runs, its note
 * when it succeeds, its error when it does not. Each run clears what the last one said.
 */
import { useState } from 'react';
import type { ErrorPayload } from '../../../contract/ipc.ts';

export function useSettingsAction() {
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<string>) {
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      setNote(await action());
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setBusy(false);
    }
  }

  return { error, setError, note, busy, run };
}
