// The shared fake clock: the tests that lean on it are only as exact as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../support/manual-clock.ts';

describe('manual clock', () => {
  it('runs due timers in order, each at its own time, and none early', () => {
    const clock = new ManualClock(1000);
    const ran: Array<[string, number]> = [];
    clock.setTimeout(() => ran.push(['b', clock.now()]), 20);
    clock.setTimeout(() => ran.push(['a', clock.now()]), 10);
    clock.setTimeout(() => ran.push(['c', clock.now()]), 20);
    const cleared = clock.setTimeout(() => ran.push(['cleared', clock.now()]), 5);
    clock.clearTimeout(cleared);
    clock.advance(9);
    assert.deepEqual(ran, []);
    assert.equal(clock.nextTimerIn(), 1);
    clock.advance(11);
    assert.deepEqual(ran, [
      ['a', 1010],
      ['b', 1020],
      ['c', 1020],
    ]);
    assert.equal(clock.now(), 1020);
    assert.equal(clock.pending, 0);
  });

  it('runs a timer scheduled by a timer when it falls due within the same advance', () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    clock.setTimeout(() => {
      ran.push(clock.now());
      clock.setTimeout(() => ran.push(clock.now()), 30);
    }, 10);
    clock.advance(39);
    assert.deepEqual(ran, [10]);
    clock.advance(1);
    assert.deepEqual(ran, [10, 40]);
  });

  it('advanceAsync lets awaiting code schedule its next timer before time moves on', async () => {
    const clock = new ManualClock(0);
    const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
    const woke: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(100);
        woke.push(clock.now());
      }
    })();
    clock.advance(300);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(woke, [300], 'without settling, only the first sleep ended, and late');
    assert.equal(clock.pending, 1);
    const again = new ManualClock(0);
    const wokeAsync: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((resolve) => again.setTimeout(resolve, 100));
        wokeAsync.push(again.now());
      }
    })();
    await again.advanceAsync(300);
    assert.deepEqual(wokeAsync, [100, 200, 300]);
  });

  it('drive runs a promise through its sleeps and returns its value', async () => {
    const clock = new ManualClock(0);
    const work = async () => {
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 60_000));
      await new Promise<void>((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 60_000));
      return clock.now();
    };
    assert.equal(await clock.drive(work()), 120_000);
  });
});
