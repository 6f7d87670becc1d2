/** A request that failed, said in the page's language (an alert, so a screen reader hears it). */
import { useI18n } from './i18n.tsx';

export function ErrorNote({ error }: { error: unknown }) {
  const { errorText } = useI18n();
  if (error === null) return null;
  return (
    <p className="note note-bad" role="alert">
      {errorText(error)}
    </p>
  );
}
