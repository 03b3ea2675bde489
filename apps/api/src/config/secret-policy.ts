import { ConfigError } from './env-parsers';

/** A secret variable's value as read (undefined: unset) and the shortest value production takes. */
export interface SecretValue {
  value: string | undefined;
  minLength: number;
}

/**
 * What production refuses in any secret variable, each with one line naming the variable: a development
 * default (its own or another variable's: they are all published in this repository), a value shorter than
 * its minimum, and a value another secret variable already holds (identical access and refresh secrets let
 * a refresh token pass as an access token; a reused value leaks with the other).
 */
export function refuseUnsafeSecrets(
  secrets: Readonly<Record<string, SecretValue>>,
  developmentDefaults: Readonly<Record<string, string>>,
): void {
  const seen = new Map<string, string>();
  for (const [name, { value, minLength }] of Object.entries(secrets)) {
    if (value === undefined) continue;
    const owner = Object.keys(developmentDefaults).find(
      (variable) => developmentDefaults[variable] === value,
    );
    if (owner !== undefined) {
      const whose = owner === name ? '' : ` of ${owner}`;
      throw new ConfigError(name, `is the development default${whose}: set a real secret in production`);
    }
    if (value.length < minLength) {
      throw new ConfigError(name, `must be at least ${minLength} characters in production`);
    }
    const other = seen.get(value);
    if (other !== undefined) {
      throw new ConfigError(name, `has the same value as ${other}: every secret must be its own`);
    }
    seen.set(value, name);
  }
}
