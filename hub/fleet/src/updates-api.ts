/** The Updates view's calls to the hub (hub/src/updates/routes.ts), through api.ts's helpers. */
import type { ChannelInfo, ReleaseInfo, UpdatesOverview } from '../../src/updates/types.ts';
import { answer, csrfToken, post } from './api.ts';

const channelPath = (name: string, verb: string) =>
  `/fleet/api/updates/channels/${encodeURIComponent(name)}/${verb}`;

export const updatesApi = {
  overview: async (): Promise<UpdatesOverview> =>
    answer<UpdatesOverview>(await fetch('/fleet/api/updates', { credentials: 'same-origin' })),
  createDraft: (channel: string, metadata: Record<string, string>) =>
    post<ReleaseInfo>('/fleet/api/updates/releases', { channel, metadata }),
  /** One file's bytes, as they are (checked by the hub against the metadata). */
  uploadFile: async (releaseId: string, file: File): Promise<ReleaseInfo> =>
    answer<ReleaseInfo>(
      await fetch(
        `/fleet/api/updates/releases/${encodeURIComponent(releaseId)}/files/${encodeURIComponent(file.name)}`,
        {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': await csrfToken() },
          body: file,
        },
      ),
    ),
  publish: (releaseId: string, stagingPercentage: number) =>
    post<ChannelInfo>(`/fleet/api/updates/releases/${encodeURIComponent(releaseId)}/publish`, {
      stagingPercentage,
    }),
  setStage: (channel: string, percentage: number) =>
    post<ChannelInfo>(channelPath(channel, 'stage'), { percentage }),
  pause: (channel: string) => post<ChannelInfo>(channelPath(channel, 'pause'), {}),
  resume: (channel: string) => post<ChannelInfo>(channelPath(channel, 'resume'), {}),
  rollback: (channel: string) => post<ChannelInfo>(channelPath(channel, 'rollback'), {}),
  setStoreChannel: (store: string, channel: string) =>
    post<{ store: string; channel: string }>('/fleet/api/updates/store-channel', { store, channel }),
};

export type { ChannelInfo, ReleaseInfo, UpdatesOverview };
