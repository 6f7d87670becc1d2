/**
 * The verified result (personal data) for staff: fetched only when asked, held in memory only
 * (never in storage), and dropped after 60 seconds, when the next customer starts, or when the
 * session is redacted.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ErrorPayload, RevealReason, VerifiedResult } from '../../../contract/ipc.ts';
import { call } from '../shared/ipc-client.ts';

export const RESULT_VISIBLE_MS = 60_000;

export interface RevealedResult {
  sessionId: string;
  value: VerifiedResult;
  shownAt: number;
}

export function useRevealedResult() {
  const [result, setResult] = useState<RevealedResult | null>(null);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (result === null) return;
    const timer = setTimeout(() => setResult(null), RESULT_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [result]);

  const reveal = useCallback(async (sessionId: string, reason?: RevealReason, note?: string) => {
    setError(null);
    setLoading(true);
    try {
      const value = await call('sessions.result', {
        id: sessionId,
        ...(reason ? { reason } : {}),
        ...(note ? { note } : {}),
      });
      setResult({ sessionId, value, shownAt: Date.now() });
    } catch (e) {
      setError(e as ErrorPayload);
    } finally {
      setLoading(false);
    }
  }, []);

  const clear = useCallback(() => {
    setResult(null);
    setError(null);
  }, []);

  return { result, error, loading, reveal, clear };
}
