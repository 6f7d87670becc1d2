/**
 * What the hosted flow shows at its end when the session has no return_url: Stripe's own
 * completion page, which tells the person they are done. A phone that did the QR flow has
 * nowhere else to go, so it says what to do next: go back to the counter. In English or Japanese,
 * chosen by the browser's Accept-Language (English when neither is asked for). Kept apart from
 * hosted-page.ts: it is the one page a customer's own phone ends on.
 */

export const COMPLETION_LANGUAGES = ['en', 'ja'] as const;
export type CompletionLanguage = (typeof COMPLETION_LANGUAGES)[number];

const TEXT: Readonly<Record<CompletionLanguage, { title: string; heading: string; body: string }>> = {
  en: {
    title: 'Verification complete',
    heading: 'You’re done.',
    body: 'You can return to the counter.',
  },
  ja: {
    title: '本人確認が完了しました',
    heading: '手続きが完了しました。',
    body: 'カウンターへお戻りください。',
  },
};

/**
 * The best of our languages for an Accept-Language header ("ja-JP,ja;q=0.9,en;q=0.8"): the
 * highest q among those we have, the earlier one on a tie; English when none fits.
 */
export function completionLanguage(acceptLanguage: string | null | undefined): CompletionLanguage {
  let best: { lang: CompletionLanguage; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').slice(0, 1000).split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0] ?? '';
    const lang = COMPLETION_LANGUAGES.find((l) => l === primary);
    if (!lang) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? 'en';
}

export function completionPage(acceptLanguage: string | null | undefined): string {
  const lang = completionLanguage(acceptLanguage);
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t.title}</title>
<style>
  body { margin: 0; font: 17px/1.5 -apple-system, 'Segoe UI', Roboto, 'Hiragino Sans', 'Noto Sans CJK JP', sans-serif;
    background: #f6f9fc; color: #1a1f36; }
  main { max-width: 460px; margin: 15vh auto 0; padding: 28px; text-align: center; }
  h1 { font-size: 24px; margin: 0 0 8px; }
  p { margin: 0; color: #4f566b; }
</style>
</head>
<body>
<main>
<h1 data-testid="done">${t.heading}</h1>
<p data-testid="done-next">${t.body}</p>
</main>
</body>
</html>
`;
}
