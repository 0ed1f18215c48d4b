// How failed sign-ins slow guessing down without letting a stranger lock an admin out.
//
// A failure from an unknown browser counts against its e-mail + IP pair, its IP and (loosely) the e-mail
// across all unknown browsers. A browser that signed in successfully before carries a signed device cookie;
// its failures count only against that device, and the pair, IP and e-mail limits do not apply to it. So a
// flood of wrong passwords from elsewhere can slow down only unknown browsers — never the owner's own.
export const LOGIN_WINDOW_MS = 15 * 60_000;

export const LOGIN_LIMITS = {
  /** Failures of one e-mail from one IP (unknown browsers). */
  perEmailAndIp: 5,
  /** Failures from one IP, whatever the e-mail (unknown browsers). */
  perIp: 20,
  /** Failures of one e-mail from all unknown browsers together: caps a guesser spread over many IPs. */
  perEmail: 50,
  /** Failures from one known device (only its holder can cause them). */
  perKnownDevice: 10,
} as const;

export interface RecentFailures {
  emailAndIp: number;
  ip: number;
  email: number;
  device: number;
}

export type LoginLimitDecision = { allowed: true } | { allowed: false; limit: keyof typeof LOGIN_LIMITS };

/** Whether one more attempt may be evaluated, given the failures inside the window. */
export function decideLoginAttempt(failures: RecentFailures, knownDevice: boolean): LoginLimitDecision {
  if (knownDevice) {
    return failures.device >= LOGIN_LIMITS.perKnownDevice
      ? { allowed: false, limit: 'perKnownDevice' }
      : { allowed: true };
  }
  if (failures.emailAndIp >= LOGIN_LIMITS.perEmailAndIp) return { allowed: false, limit: 'perEmailAndIp' };
  if (failures.ip >= LOGIN_LIMITS.perIp) return { allowed: false, limit: 'perIp' };
  if (failures.email >= LOGIN_LIMITS.perEmail) return { allowed: false, limit: 'perEmail' };
  return { allowed: true };
}
