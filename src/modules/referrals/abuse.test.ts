import { describe, expect, it } from 'vitest';
import { mailbox, screenReferral, type ReferralParty } from './abuse.ts';

const party = (over: Partial<ReferralParty> = {}): ReferralParty => ({
  id: 'b',
  email: 'noa@example.com',
  phone: '+972541234567',
  signals: new Set(),
  ...over,
});
const avi = party({
  id: 'a',
  email: 'avi@example.com',
  phone: '+972509999999',
  signals: new Set(['device:d1', 'network:n1']),
});
const screen = (
  referee: Partial<ReferralParty>,
  extra: { ancestors?: string[]; sameNetwork?: boolean } = {},
) =>
  screenReferral({
    referrer: avi,
    referee: party(referee),
    referrerAncestors: extra.ancestors ?? [],
    blockSameNetwork: extra.sameNetwork ?? true,
  });

describe('referral abuse checks', () => {
  it('lets a different person through', () => {
    expect(screen({})).toEqual({ ok: true });
  });

  it('names the reason of each block', () => {
    expect(screen({ id: 'a' })).toEqual({ ok: false, reason: 'self_referral' });
    expect(screen({ email: 'AVI+friend@Example.com' })).toEqual({ ok: false, reason: 'same_email' });
    expect(screen({ phone: '+972509999999' })).toEqual({ ok: false, reason: 'same_phone' });
    expect(screen({ signals: new Set(['device:d1']) })).toEqual({ ok: false, reason: 'same_device' });
    expect(screen({ signals: new Set(['network:n1']) })).toEqual({ ok: false, reason: 'same_network' });
    expect(screen({ id: 'c' }, { ancestors: ['x', 'c'] })).toEqual({
      ok: false,
      reason: 'referral_loop',
    });
    expect(
      screenReferral({ referrer: null, referee: party(), referrerAncestors: [], blockSameNetwork: true }),
    ).toEqual({ ok: false, reason: 'referrer_inactive' });
  });

  it('a shared network address passes when the program allows it; a shared device never does', () => {
    expect(screen({ signals: new Set(['network:n1']) }, { sameNetwork: false })).toEqual({ ok: true });
    expect(screen({ signals: new Set(['network:n1', 'device:d1']) }, { sameNetwork: false })).toEqual({
      ok: false,
      reason: 'same_device',
    });
  });

  it('knows a Gmail mailbox written another way', () => {
    expect(mailbox('D.Ana+club@googlemail.com')).toBe('dana@gmail.com');
    expect(mailbox('d.ana@example.com')).toBe('d.ana@example.com');
  });
});
