import { describe, expect, it } from 'vitest';
import { notifierHealthText } from './notifierHealthText';

describe('notifier health in words', () => {
  it('says since when notifications fail, and why', () => {
    expect(
      notifierHealthText({
        status: 'failing',
        since: '2026-11-25T03:12:09.000Z',
        message: 'no notification server answers',
      }),
    ).toBe('Desktop notifications failing since 03:12 UTC: no notification server answers');
  });

  it('says the system holds them back and that P0s only reach the window', () => {
    expect(
      notifierHealthText({
        status: 'held',
        since: '2026-11-25T03:12:09.000Z',
        message: 'your system is holding notifications back (dunst is paused); P0s will only reach you here, in Vigil',
      }),
    ).toBe(
      'Since 03:12 UTC, your system is holding notifications back (dunst is paused); P0s will only reach you here, in Vigil',
    );
  });
});
