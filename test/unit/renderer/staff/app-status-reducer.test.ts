/** The windows' view of app.status: first fetch, events, and a failed fetch that an event repairs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppStatus } from '../../../../contract/ipc.ts';
import { appStatusReducer, INITIAL_APP_STATUS } from '../../../../renderer/src/staff/app-status-reducer.ts';

const STATUS: AppStatus = {
  backend: 'simulator',
  mode: 'test',
  maskedKey: null,
  maskedRestrictedKey: null,
  online: true,
  queued: 0,
  station: 'counter-1',
  kiosk: false,
  version: '0.1.0',
  storeNotice: null,
  keyProblem: null,
};
const FAILURE = { code: 'internal', message: 'no answer' } as const;

describe('app status in the renderer', () => {
  it('the first answer is shown', () => {
    const s = appStatusReducer(INITIAL_APP_STATUS, { type: 'fetched', status: STATUS });
    assert.equal(s.status, STATUS);
    assert.equal(s.error, null);
  });

  it('a failed fetch is an error until any status event clears it', () => {
    let s = appStatusReducer(INITIAL_APP_STATUS, { type: 'fetch_failed', error: FAILURE });
    assert.deepEqual(s.error, FAILURE);
    assert.equal(s.status, null);
    const later = { ...STATUS, online: false };
    s = appStatusReducer(s, { type: 'event', status: later });
    assert.equal(s.error, null);
    assert.equal(s.status, later);
  });

  it('an event is newer than a fetch still in flight, whether it then succeeds or fails', () => {
    const fromEvent = { ...STATUS, queued: 2 };
    const s = appStatusReducer(INITIAL_APP_STATUS, { type: 'event', status: fromEvent });
    assert.equal(appStatusReducer(s, { type: 'fetched', status: STATUS }).status, fromEvent);
    const failed = appStatusReducer(s, { type: 'fetch_failed', error: FAILURE });
    assert.equal(failed.error, null);
    assert.equal(failed.status, fromEvent);
  });
});
