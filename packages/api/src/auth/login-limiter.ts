// The login limits: failed attempts slow guessing per username and address, and a stranger's
// failures can never lock a user out of the addresses they log in from.
//
// The rule, in the order it is checked before a password is verified (CONTEXT.md, "Login limits"):
// 1. per (username, address): `perUsernameAndAddress.limit` failures in the window refuse that
//    address for that username; this is each guesser's own pace, and an owner's own typos.
// 2. per address, across usernames (spraying): `perAddress.limit` failures refuse the address,
//    except for usernames that logged in from it before (a known address).
// 3. per username, from all addresses: past `perUsername.limit` failures the username is under
//    attack, and an address that is not known for it gets one failure per window; an address that
//    has not failed is never refused by this rule, so the owner logs in from anywhere.
// Only failures count. Each allowed attempt is counted as a failure at once (so concurrent
// attempts cannot all pass the check before any failure is recorded) and taken back when the
// password turns out right. A right password also makes the address known for the username.
import ipaddr from 'ipaddr.js';
import { FailureWindows, type WindowOptions } from './failure-windows.js';

export interface LoginLimits {
  /** Failures on one username from one address. */
  perUsernameAndAddress: WindowOptions;
  /** Failures on one username from every address; past it the username is under attack. */
  perUsername: WindowOptions;
  /** Failures from one address on any username, but those with a username that knows the address. */
  perAddress: WindowOptions;
  /** How long, and for how many (username, address) pairs, a successful login is remembered. */
  knownAddresses: { rememberMs: number; keysMax: number };
}

export interface LoginAttempt {
  community: string;
  /** Lower case, as stored. */
  username: string;
  /** The client's address as express gives it (after `trust proxy`). */
  address: string;
}

/** An allowed attempt, counted as a failure until `finish` says otherwise; plain data, for IPC. */
export interface LoginTicket {
  account: string;
  address: string;
  at: number;
  /** The address was known for the username, so only the per-(username, address) count has it. */
  known: boolean;
}

export type LoginDecision = { allowed: true; ticket: LoginTicket } | { allowed: false; retryAfterSeconds: number };

/**
 * How an allowed attempt ended, when not as a failure (a failure needs no word: it is counted).
 * `password_accepted` takes the failure back and remembers the address; `undecided` (the
 * database failed before the password was checked) only takes it back.
 */
export type LoginOutcome = 'password_accepted' | 'undecided';

/** What login asks: in process, or in a cluster the primary's limiter over IPC. */
export interface LoginLimiterPort {
  begin(attempt: LoginAttempt): LoginDecision | Promise<LoginDecision>;
  finish(ticket: LoginTicket, outcome: LoginOutcome): void | Promise<void>;
}

/**
 * The key of a client address: an IPv4 address (also when written IPv4-mapped), or the /64 prefix
 * of an IPv6 address, since one household or phone is given a whole /64 and could otherwise pick a
 * new address for every guess. Text that is not an address is its own key.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${parsed.toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}

export class LoginLimiter implements LoginLimiterPort {
  private readonly pairs: FailureWindows;
  private readonly accounts: FailureWindows;
  private readonly addresses: FailureWindows;
  /** (username, address) pairs that logged in, with when they are forgotten; oldest first. */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: () => number = Date.now,
  ) {
    if (limits.knownAddresses.rememberMs < 1 || limits.knownAddresses.keysMax < 1) throw new Error('known address bounds must be positive');
    this.pairs = new FailureWindows(limits.perUsernameAndAddress);
    this.accounts = new FailureWindows(limits.perUsername);
    this.addresses = new FailureWindows(limits.perAddress);
  }

  begin(attempt: LoginAttempt): LoginDecision {
    const now = this.now();
    const account = `${attempt.community}\n${attempt.username}`;
    const address = addressKey(attempt.address);
    const pair = `${account}\n${address}`;
    const known = (this.known.get(pair) ?? 0) > now;
    const pairFailures = this.pairs.count(pair, now);
    const { perUsernameAndAddress, perAddress, perUsername } = this.limits;
    if (pairFailures >= perUsernameAndAddress.limit) return refused(this.pairs.msUntilBelow(pair, perUsernameAndAddress.limit, now));
    if (!known) {
      if (this.addresses.count(address, now) >= perAddress.limit)
        return refused(this.addresses.msUntilBelow(address, perAddress.limit, now));
      if (pairFailures >= 1 && this.accounts.count(account, now) >= perUsername.limit) {
        // Allowed again when this address's failures have all left the window, or the username's
        // failures have dropped below the limit, whichever comes first.
        return refused(Math.min(this.pairs.msUntilBelow(pair, 1, now), this.accounts.msUntilBelow(account, perUsername.limit, now)));
      }
    }
    this.pairs.add(pair, now);
    if (!known) {
      this.addresses.add(address, now);
      this.accounts.add(account, now);
    }
    return { allowed: true, ticket: { account, address, at: now, known } };
  }

  finish(ticket: LoginTicket, outcome: LoginOutcome): void {
    const pair = `${ticket.account}\n${ticket.address}`;
    this.pairs.remove(pair, ticket.at);
    if (!ticket.known) {
      this.addresses.remove(ticket.address, ticket.at);
      this.accounts.remove(ticket.account, ticket.at);
    }
    if (outcome === 'password_accepted') this.remember(pair);
  }

  private remember(pair: string): void {
    // Deleting first moves the pair to the end of the map's order (most recently used).
    this.known.delete(pair);
    this.known.set(pair, this.now() + this.limits.knownAddresses.rememberMs);
    while (this.known.size > this.limits.knownAddresses.keysMax) {
      const oldest = this.known.keys().next().value;
      if (oldest === undefined) break;
      this.known.delete(oldest);
    }
  }
}

function refused(waitMs: number): LoginDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}
