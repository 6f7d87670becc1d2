/** The fleet picture's words in the page's language, and its formatters. */
import { useMemo } from 'react';
import { useI18n } from './i18n.tsx';
import { PICTURE_MESSAGES, type PictureMessages } from './messages-picture.ts';

export interface PictureText {
  p: PictureMessages;
  /** A median time: "1 min 25 s" / "1分25秒"; a dash for none. */
  duration: (ms: number | null) => string;
  /** A failure code in words; an unknown code as itself. */
  reason: (code: string) => string;
}

export function usePicture(): PictureText {
  const { language } = useI18n();
  return useMemo(() => {
    const p = PICTURE_MESSAGES[language];
    return {
      p,
      duration: (ms) => {
        if (ms === null) return p.dashboard.noMedian;
        const s = Math.round(ms / 1000);
        return p.duration(Math.floor(s / 60), s % 60);
      },
      reason: (code) => (p.reasons as Record<string, string>)[code] ?? code,
    };
  }, [language]);
}
