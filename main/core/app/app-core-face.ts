/**
 * The core's face to its hosts: what `createAppCore` (main/core/app-core.ts) hands the Electron
 * shell, the test harness and the bench. The handlers are the contract's; the rest is for main
 * alone (the hosted url, the customer window's cues, the updater) and never reaches a window.
 */
import type {
  ContractHandlers,
  EventName,
  EventPayload,
  Language,
  Settings,
  UpdateState,
} from '../../../contract/ipc.ts';
import type { LocalApi } from '../backend/index.ts';
import type { UpdateFeed } from '../updates/index.ts';

export interface AppCore<L extends LocalApi = LocalApi> {
  handlers: ContractHandlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Main only: open this hosted url in the customer window. Never forwarded to a renderer. */
  onOpenHostedFlow(listener: (url: string) => void): () => void;
  /** Main only: the customer window reached the return_url. */
  customerReturned(): void;
  /** Main only (kiosk): the customer touched the customer window; the walk-away waits again. */
  customerActivity(): void;
  /** Main only: the language the customer chose on the kiosk, or else the station's. */
  customerLanguage(): Language | null;
  /** Main only: the settings in force (the kiosk's opening hours for the display). */
  settings(): Settings;
  /** Main only (kiosk): staff gave the right PIN; open the staff console. */
  onKioskUnlocked(listener: () => void): () => void;
  /**
   * Main only: whether a staff or customer window is showing. While one is, a slow heartbeat
   * (one ping when nothing else got an answer from Stripe for 15 s) keeps "Online" honest.
   */
  windowsShowing(showing: boolean): void;
  /** Main only: the OS says the network changed; Stripe is asked once, now. */
  networkChanged(): void;
  /**
   * The shop's page after the check (Settings), or null: sessions are then created without a
   * return_url and Stripe's hosted flow ends on its own completion page (issue 8, item 8).
   */
  returnUrl(): string | null;
  /** The origin of the hosted flow, for the navigation and camera permission rules. */
  hostedOrigin(): string;
  /** Runs one round of redaction by the retention setting now; how many were redacted (tests). */
  redactDue(): Promise<number>;
  /** Resolves once what the last run left unfinished has been reconciled (tests). */
  reconciled(): Promise<void>;
  /** The embedded simulator while it is the backend: the harness and tests cut its network. */
  simulator(): L | null;
  /** Main only: the station's updates (main/core/updates; main/shell/updater.ts drives them). */
  updates: {
    /** Where updates come from now: the hub's feed with the station token, Settings' URL, or none. */
    feed(): Promise<UpdateFeed | null>;
    /** Verifications open on this station: sessions it follows, plus a customer mid-flow. */
    openVerifications(): number;
    /** A step of electron-updater, for the staff window's status bar. */
    report(state: UpdateState | null): void;
  };
  close(): Promise<void>;
}
