import {
  type CreateWaitingRoomRequest,
  DEFAULT_ADMISSION_SECONDS,
  DEFAULT_ADMIT_PER_SECOND,
  type WaitingRoomSettings,
} from '@flashline/contracts';

/** Fewer than one a second would stall a line; more than a thousand is no longer a line but a scramble. */
export const ADMIT_PER_SECOND_RANGE = { min: 1, max: 1000 } as const;
/** Long enough to reach the reserve button, short enough that a lapsed admission frees its unit soon. */
export const ADMISSION_SECONDS_RANGE = { min: 10, max: 3600 } as const;

/** A sale's settings from its creation request: defaults filled in; `null` for a sale without a line. */
export function waitingRoomSettings(
  request: CreateWaitingRoomRequest | undefined,
): WaitingRoomSettings | null {
  if (request === undefined) return null;
  return {
    admitPerSecond: request.admitPerSecond ?? DEFAULT_ADMIT_PER_SECOND,
    admissionSeconds: request.admissionSeconds ?? DEFAULT_ADMISSION_SECONDS,
  };
}
