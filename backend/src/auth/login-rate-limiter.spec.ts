import { describe, expect, it } from 'vitest';
import { type Admission, LoginRateLimiter, type LoginTicket } from './login-rate-limiter.js';

const ticketOf = (a: Admission): LoginTicket => {
  if (!('ticket' in a)) throw new Error(`refused, retry after ${a.retryAfter} s`);
  return a.ticket;
};

describe(LoginRateLimiter.name, () => {
  it('counts attempts still being verified, so a burst gets no more than the limit', () => {
    const sut = new LoginRateLimiter(100, 3, 60_000);
    const admitted = Array.from({ length: 10 }, () => sut.admit('192.0.2.1', 'a@x', 1_000)).filter(
      (a) => 'ticket' in a,
    );
    expect(admitted).toHaveLength(3);
  });

  it('forgets an attempt whose check broke, and one that succeeded', () => {
    const sut = new LoginRateLimiter(100, 2, 60_000);
    sut.release(ticketOf(sut.admit('192.0.2.1', 'a@x', 1_000)));
    sut.succeed(ticketOf(sut.admit('192.0.2.1', 'a@x', 1_000)));
    sut.fail(ticketOf(sut.admit('192.0.2.1', 'a@x', 1_000)));
    expect('ticket' in sut.admit('192.0.2.1', 'a@x', 1_000)).toBe(true);
  });

  it('keeps the failing address out of the account until the window slides past its failures', () => {
    const sut = new LoginRateLimiter(100, 2, 60_000);
    sut.fail(ticketOf(sut.admit('192.0.2.1', 'a@x', 0)));
    sut.fail(ticketOf(sut.admit('192.0.2.1', 'a@x', 10_000)));
    expect(sut.admit('192.0.2.1', 'a@x', 20_000)).toEqual({ retryAfter: 40 });
    expect('ticket' in sut.admit('192.0.2.1', 'a@x', 60_001)).toBe(true);
  });

  it('lets another address try a locked account once, and locks it out after a wrong password', () => {
    const sut = new LoginRateLimiter(100, 2, 60_000);
    sut.fail(ticketOf(sut.admit('192.0.2.1', 'a@x', 0)));
    sut.fail(ticketOf(sut.admit('192.0.2.1', 'a@x', 0)));
    const other = ticketOf(sut.admit('192.0.2.2', 'a@x', 1_000));
    expect(other.accountLocked).toBe(true);
    expect(sut.fail(other, 1_000)).toBe(59);
    expect(sut.admit('192.0.2.2', 'a@x', 2_000)).toEqual({ retryAfter: 58 });
  });

  it('blocks an address that fails on many accounts', () => {
    const sut = new LoginRateLimiter(2, 100, 60_000);
    sut.fail(ticketOf(sut.admit('192.0.2.1', 'a@x', 0)));
    sut.fail(ticketOf(sut.admit('192.0.2.1', 'b@x', 0)));
    expect(sut.admit('192.0.2.1', 'c@x', 0)).toEqual({ retryAfter: 60 });
    expect('ticket' in sut.admit('192.0.2.9', 'c@x', 0)).toBe(true);
  });
});
