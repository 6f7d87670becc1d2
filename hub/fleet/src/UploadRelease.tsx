/**
 * Uploads a release as electron-builder wrote it: the metadata files first (a draft), then each
 * file they name and its .blockmap (each checked by the hub as it arrives), then publishes it at
 * the first stage. A refusal is shown by its code in the page's language; what was picked stays.
 */
import { useState, type FormEvent } from 'react';
import { FEED_FILES, DEFAULT_CHANNEL } from '../../src/updates/types.ts';
import { useI18n } from './i18n.tsx';
import { updatesApi } from './updates-api.ts';

export function UploadRelease({ onDone }: { onDone: () => Promise<void> }) {
  const { t, errorText, number } = useI18n();
  const u = t.updates;
  const [channel, setChannel] = useState(DEFAULT_CHANNEL);
  const [stage, setStage] = useState('10');
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    setDone(null);
    const metadata: Record<string, string> = {};
    for (const f of files) {
      if ((FEED_FILES as readonly string[]).includes(f.name)) metadata[f.name] = await f.text();
    }
    if (Object.keys(metadata).length === 0) {
      setProblem(u.uploadNoMetadata);
      return;
    }
    try {
      setBusy(u.uploading(Object.keys(metadata).join(', ')));
      const draft = await updatesApi.createDraft(channel.trim(), metadata);
      const byName = new Map(files.map((f) => [f.name, f]));
      const missing = draft.files.filter((f) => !byName.has(f.name)).map((f) => f.name);
      if (missing.length > 0) {
        setProblem(u.uploadMissing(missing.join(', ')));
        return;
      }
      for (const named of draft.files) {
        for (const name of [named.name, `${named.name}.blockmap`]) {
          const file = byName.get(name);
          if (!file) continue;
          setBusy(u.uploading(name));
          await updatesApi.uploadFile(draft.id, file);
        }
      }
      const pct = Number(stage);
      const published = await updatesApi.publish(draft.id, pct);
      setDone(u.published(draft.version, published.name, number(published.stagingPercentage)));
      setFiles([]);
      await onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="upload-heading">
      <h3 id="upload-heading">{u.upload}</h3>
      <p className="muted">{u.uploadHint}</p>
      <div className="row">
        <label>
          {u.uploadChannel}
          <input value={channel} onChange={(e) => setChannel(e.target.value)} required maxLength={32} />
        </label>
        <label>
          {u.uploadFiles}
          <input
            type="file"
            multiple
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            accept=".yml,.exe,.dmg,.zip,.AppImage,.deb,.blockmap"
          />
        </label>
        <label>
          {u.uploadStage}
          <input
            type="number"
            min={0}
            max={100}
            step={1}
            value={stage}
            onChange={(e) => setStage(e.target.value)}
            required
          />
        </label>
        <button type="submit" className="primary" disabled={busy !== null || files.length === 0}>
          {u.uploadSubmit}
        </button>
      </div>
      {busy !== null && (
        <p className="muted" aria-live="polite">
          {busy}
        </p>
      )}
      {(error !== null || problem !== null) && (
        <p className="note note-bad" role="alert">
          {problem ?? errorText(error)}
        </p>
      )}
      {done !== null && (
        <p className="note note-ok" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
