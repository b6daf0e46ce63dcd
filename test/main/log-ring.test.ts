import { describe, expect, test } from 'vitest';
import { createLogRing } from '../../main/log-ring.ts';

describe('the log ring', () => {
  test('gives the newest lines, oldest first, and never holds more than its capacity', () => {
    const ring = createLogRing(5);
    expect(ring.recent(50)).toEqual([]);
    for (let i = 1; i <= 3; i++) ring.push(`line ${i}`);
    expect(ring.recent(50)).toEqual(['line 1', 'line 2', 'line 3']);
    for (let i = 4; i <= 12; i++) ring.push(`line ${i}`);
    expect(ring.recent(50)).toEqual(['line 8', 'line 9', 'line 10', 'line 11', 'line 12']);
    expect(ring.recent(2)).toEqual(['line 11', 'line 12']);
    expect(ring.recent(0)).toEqual([]);
  });

  test('cuts a very long line', () => {
    const ring = createLogRing(3, 10);
    ring.push('x'.repeat(1_000_000));
    expect(ring.recent(1)).toEqual([`${'x'.repeat(10)} [cut]`]);
  });
});
