/**
 * The kiosk's part in each change of the customer screen: a return to welcome starts a new
 * customer in the journal, and the walk-away times the screen shown now.
 */
import type { CustomerScreenName } from '../../../contract/ipc.ts';
import type { KioskJournal } from './kiosk-journal.ts';
import type { WalkAway } from './walk-away.ts';

/** `onScreen` subscribes to the customer screen's changes and returns the unsubscribe. */
export function followCustomerScreen(
  onScreen: (listener: (screen: { screen: CustomerScreenName }) => void) => () => void,
  journal: KioskJournal,
  walkAway: WalkAway | null,
): () => void {
  let lastScreen: CustomerScreenName = 'welcome';
  return onScreen((screen) => {
    if (screen.screen === 'welcome' && lastScreen !== 'welcome') journal.newCustomer();
    lastScreen = screen.screen;
    walkAway?.screenChanged(screen.screen);
  });
}
