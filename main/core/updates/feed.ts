/**
 * Where this station's updates come from: its hub's feed (the station token as a request header,
 * never in the URL), or, for a station with its own Stripe key and no hub, the feed URL in its
 * Settings, or nowhere.
 */
import { HUB_PATHS } from '../../../contract/hub-api.ts';

export interface UpdateFeed {
  /** electron-updater's generic provider URL (the folder holding latest.yml). */
  url: string;
  /** Request headers for every request of the feed: the station token, for a hub. */
  headers: Record<string, string>;
  source: 'hub' | 'settings';
}

export function updateFeed(
  hub: { url: string; token: string } | null,
  settingsUrl: string | null,
): UpdateFeed | null {
  if (hub) {
    return {
      url: `${hub.url.replace(/\/+$/, '')}${HUB_PATHS.updates}`,
      headers: { authorization: `Bearer ${hub.token}` },
      source: 'hub',
    };
  }
  if (settingsUrl) return { url: settingsUrl.replace(/\/+$/, ''), headers: {}, source: 'settings' };
  return null;
}
