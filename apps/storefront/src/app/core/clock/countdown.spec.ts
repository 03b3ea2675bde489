import { describeDuration, durationParts, formatCountdown } from './countdown';

describe('countdown formatting', () => {
  it.each([
    [0, '00:00'],
    [-5_000, '00:00'],
    [1, '00:01'],
    [999, '00:01'],
    [1_000, '00:01'],
    [1_001, '00:02'],
    [59_000, '00:59'],
    [60_000, '01:00'],
    [600_000, '10:00'],
    [3_599_000, '59:59'],
    [3_600_000, '01:00:00'],
    [86_399_000, '23:59:59'],
    [90_061_000, '1d 01:01:01'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });

  it('rounds up to whole seconds, so 00:00 appears only when the time is up', () => {
    expect(durationParts(0.5)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 1 });
    expect(durationParts(0)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 });
  });

  it.each([
    [0, 'now'],
    [3_000, '10 seconds'],
    [10_000, '10 seconds'],
    [10_001, '20 seconds'],
    [60_000, '60 seconds'],
    [61_000, '2 minutes'],
    [120_000, '2 minutes'],
    [60 * 60_000, '60 minutes'],
    [3 * 3_600_000, 'about 3 hours'],
    [5 * 86_400_000, 'about 5 days'],
  ])('describes %i ms as "%s" (changes only at milestones, for aria-live)', (ms, words) => {
    expect(describeDuration(ms)).toBe(words);
  });
});
