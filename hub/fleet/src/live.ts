/**
 * The page's live stream (`GET /fleet/api/stream`): EventSource, which reconnects by itself (and
 * follows the hub's `retry:` when an instance closes). Each `fleet` event names what changed;
 * a reconnection may have missed events, so it reports every topic.
 */
import { useEffect, useRef, useState } from 'react';
import { FLEET_TOPICS, type FleetTopic } from '../../src/dashboard-types.ts';

export function useFleetStream(onChange: (topics: readonly FleetTopic[]) => void): boolean {
  const [live, setLive] = useState(false);
  const handler = useRef(onChange);
  useEffect(() => {
    handler.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const source = new EventSource('/fleet/api/stream');
    let opened = false;
    source.addEventListener('open', () => {
      setLive(true);
      // The first open follows the page's own first load; a later one may have missed events.
      if (opened) handler.current(FLEET_TOPICS);
      opened = true;
    });
    source.addEventListener('error', () => setLive(false));
    source.addEventListener('fleet', (event) => {
      try {
        const { topics } = JSON.parse((event as MessageEvent<string>).data) as { topics: FleetTopic[] };
        handler.current(topics.filter((t) => (FLEET_TOPICS as readonly string[]).includes(t)));
      } catch {
        handler.current(FLEET_TOPICS);
      }
    });
    return () => source.close();
  }, []);
  return live;
}
