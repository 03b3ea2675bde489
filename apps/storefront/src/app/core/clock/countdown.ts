/** Whole units of a duration, rounded UP to the second: a countdown shows 00:01 until the very end. */
export interface DurationParts {
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export function durationParts(ms: number): DurationParts {
  let rest = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  return { days, hours, minutes, seconds: rest - minutes * 60 };
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** `mm:ss` under an hour, `hh:mm:ss` under a day, then `Nd hh:mm:ss`. Never negative. */
export function formatCountdown(ms: number): string {
  const { days, hours, minutes, seconds } = durationParts(ms);
  if (days > 0) return `${days}d ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  if (hours > 0) return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  return `${pad(minutes)}:${pad(seconds)}`;
}

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * A duration in words, coarse on purpose: it is what an `aria-live` region reads out, so it changes only
 * at milestones (every 10 s in the last minute, every minute in the last hour, then hours and days)
 * instead of every second.
 */
export function describeDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds === 0) return 'now';
  if (seconds <= 60) return plural(Math.ceil(seconds / 10) * 10, 'second');
  if (seconds <= 3_600) return plural(Math.ceil(seconds / 60), 'minute');
  if (seconds <= 48 * 3_600) return `about ${plural(Math.round(seconds / 3_600), 'hour')}`;
  return `about ${plural(Math.round(seconds / 86_400), 'day')}`;
}
