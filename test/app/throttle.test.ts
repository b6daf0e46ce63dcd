/** app/throttle.ts: at most one notification per interval, the ones in between folded into one at its end. */
import { describe, expect, test } from 'vitest';
import { createThrottle } from '../../app/throttle.ts';
import { createFakeClock } from '../support/fake-clock.ts';

describe('throttle', () => {
  test('the first notification goes at once, the next ones inside the interval as one at its end', async () => {
    const clock = createFakeClock();
    let told = 0;
    const throttle = createThrottle(clock, 100, () => told++);
    throttle.push();
    expect(told).toBe(1);
    for (let i = 0; i < 50; i++) throttle.push();
    expect(told).toBe(1);
    await clock.advance(99);
    expect(told).toBe(1);
    await clock.advance(1);
    expect(told).toBe(2);
    // Quiet for a whole interval: the next one goes at once again.
    await clock.advance(500);
    throttle.push();
    expect(told).toBe(3);
  });

  test('cancel drops the one waiting; restart opens a new interval without telling anyone', async () => {
    const clock = createFakeClock();
    let told = 0;
    const throttle = createThrottle(clock, 100, () => told++);
    throttle.restart();
    throttle.push();
    expect(told).toBe(0);
    throttle.cancel();
    await clock.advance(1_000);
    expect(told).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  test('a wall clock set backwards holds a notification for one interval at most', async () => {
    const clock = createFakeClock();
    let told = 0;
    const throttle = createThrottle(clock, 100, () => told++);
    throttle.push();
    clock.jumpWallClock(-3_600_000);
    throttle.push();
    await clock.advance(100);
    expect(told).toBe(2);
  });
});
