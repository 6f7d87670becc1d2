/**
 * Which release a station is offered, as a pure function of its channel's state and the
 * station's id.
 *
 * A station's place in a staged rollout is a stable hash of its id (0 ≤ bucket < 100): it is in
 * a stage of p % when its bucket is below p, so the same station stays in (or out of) a 10 %
 * stage at every check, and a stage that grows only adds stations.
 *
 * The hub decides; electron-updater only obeys. The feed a station reads carries
 * `stagingPercentage: 100` (take it) or `0` (not for you yet): electron-updater compares that with
 * its own random id, and 0 and 100 make its answer the hub's.
 */
import { createHash } from 'node:crypto';

/** A station's stable place in every rollout: 0 ≤ bucket < 100 (fractional). */
export function stageBucket(stationId: string): number {
  const digest = createHash('sha256').update(`countersign-rollout:${stationId}`).digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

export function inStage(stationId: string, stagingPercentage: number): boolean {
  return stageBucket(stationId) < stagingPercentage;
}

export interface ChannelState {
  current: string | null;
  previous: string | null;
  stagingPercentage: number;
  paused: boolean;
}

/** What one station is offered: which release's feed, and whether it may take it. */
export interface Offer {
  release: string;
  take: boolean;
}

/**
 * - No release yet: nothing (the feed answers 404).
 * - Paused: the current release's feed with "not yet" for every station (none starts it now;
 *   those already on it stay).
 * - Staged: a station in the stage takes the current release; one outside is offered the
 *   previous release (it stays on it, or comes back to it), or, with none, "not yet".
 * - At 100 % (and after a rollback, where the old release is current again): everyone takes it.
 */
export function offerFor(channel: ChannelState, stationId: string): Offer | null {
  if (channel.current === null) return null;
  if (channel.paused) return { release: channel.current, take: false };
  if (channel.stagingPercentage >= 100 || inStage(stationId, channel.stagingPercentage)) {
    return { release: channel.current, take: true };
  }
  if (channel.previous !== null) return { release: channel.previous, take: true };
  return { release: channel.current, take: false };
}
