/**
 * The NOTIFY channel that tells every instance's fleet pages what changed (fleet-stream.ts): its
 * payload is one of FLEET_TOPICS. Its own file, so the session log can announce a new session
 * without importing the stream.
 */
export const FLEET_CHANNEL = 'hub_fleet';
