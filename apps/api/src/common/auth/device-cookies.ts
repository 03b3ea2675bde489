import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@api/config';

/** Only the login route reads it. */
export const DEVICE_COOKIE_PATH = '/api/auth/login';
/** How long a browser that signed in to an account is recognised by it. */
export const DEVICE_COOKIE_TTL_MS = 90 * 24 * 3600 * 1000;

/** `<nonce>.<expires, s>.<signature>`: 16 random bytes, a time, an HMAC-SHA256, base64url. */
const FORMAT = /^([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** A device cookie to set: the name is per account, so one browser can hold one for each. */
export interface DeviceCookie {
  name: string;
  value: string;
}

/**
 * OWASP's "slow down online guessing attacks with device cookies": a browser that signed in to an account
 * gets a signed, httpOnly cookie naming that account. A login for the account that presents it is counted
 * against that cookie alone (its own limit), not against the account's or the address's, which strangers
 * guessing the password fill up: the owner keeps signing in while they are throttled.
 *
 * The signature binds the nonce and expiry to the account (its normalised email), under a key derived
 * from JWT_REFRESH_SECRET for this use only, so no new secret is needed and no other token can pass as one.
 */
@Injectable()
export class DeviceCookies {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', config.auth.refreshSecret).update('flashline device cookie').digest();
  }

  /** The cookie's name for an account: a keyed hash, so it says nothing about the email. */
  nameFor(email: string): string {
    return `flashline_device_${this.mac(`name:${normalized(email)}`).slice(0, 16)}`;
  }

  issue(email: string): DeviceCookie {
    const nonce = randomBytes(16).toString('base64url');
    const expires = Math.floor((Date.now() + DEVICE_COOKIE_TTL_MS) / 1000);
    const value = `${nonce}.${expires}.${this.sign(email, nonce, expires)}`;
    return { name: this.nameFor(email), value };
  }

  /** The cookie's nonce (what its own limit counts) when it is valid for this account; else `undefined`. */
  verify(email: string, value: string | undefined): string | undefined {
    const match = value === undefined ? null : FORMAT.exec(value);
    if (!match) return undefined;
    const [, nonce, expires, signature] = match;
    if (Number(expires) * 1000 <= Date.now()) return undefined;
    const expected = Buffer.from(this.sign(email, nonce, Number(expires)));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : undefined;
  }

  private sign(email: string, nonce: string, expires: number): string {
    return this.mac(`device:${normalized(email)}:${nonce}:${expires}`);
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }
}

function normalized(email: string): string {
  return email.trim().toLowerCase();
}
