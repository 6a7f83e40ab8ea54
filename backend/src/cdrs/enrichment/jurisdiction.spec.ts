import { describe, expect, it } from 'vitest';
import { jurisdictionOf } from './jurisdiction.js';

const NY_CALLER = '+12125550101';

describe(jurisdictionOf.name, () => {
  it('puts toll-free first, whoever calls', () => {
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+18005550100' })).toBe('toll_free');
    expect(jurisdictionOf({ callerE164: '+442079460000', calledE164: '+18885550100' })).toBe('toll_free');
  });

  it('treats destinations outside the US and Canada as international, Caribbean NANP included', () => {
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+442079460000' })).toBe('international');
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+18095551234' })).toBe('international'); // DO
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+18765551234' })).toBe('international'); // JM
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+881612345678' })).toBe('international');
  });

  it('compares states for domestic calls', () => {
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+15185550199' })).toBe('intrastate'); // 212 NY → 518 NY
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+14155550100' })).toBe('interstate'); // → 415 CA
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+14165550100' })).toBe('interstate'); // → Toronto
    expect(jurisdictionOf({ callerE164: '+14165550100', calledE164: '+16135550100' })).toBe('intrastate'); // ON → ON
  });

  it('keeps Puerto Rico and the USVI domestic (they are US)', () => {
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+17875551234' })).toBe('interstate');
    expect(jurisdictionOf({ callerE164: '+19395550100', calledE164: '+17875551234' })).toBe('intrastate');
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+13405551234' })).toBe('interstate');
  });

  it("falls back to the customer's home state when the caller number is not a US/Canadian one", () => {
    const called = '+15185550199';
    expect(jurisdictionOf({ callerE164: null, calledE164: called, customerState: 'NY' })).toBe('intrastate');
    expect(jurisdictionOf({ callerE164: null, calledE164: called, customerState: 'ny ' })).toBe('intrastate');
    expect(jurisdictionOf({ callerE164: '+442079460000', calledE164: called, customerState: 'NY' })).toBe('intrastate');
    expect(jurisdictionOf({ callerE164: '+18005550100', calledE164: called, customerState: 'NY' })).toBe('intrastate');
    expect(jurisdictionOf({ callerE164: null, calledE164: called, customerState: 'NJ' })).toBe('interstate');
    // A customer at home in Britain calling the US calls abroad.
    expect(jurisdictionOf({ callerE164: null, calledE164: called, customerState: 'NY', customerCountry: 'GB' })).toBe(
      'international',
    );
  });

  it('says unknown when it cannot tell, never interstate by default', () => {
    expect(jurisdictionOf({ callerE164: null, calledE164: '+15185550199' })).toBe('unknown');
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: null })).toBe('unknown');
    expect(jurisdictionOf({ callerE164: NY_CALLER, calledE164: '+19005550100' })).toBe('unknown'); // non-geographic
    expect(jurisdictionOf({ callerE164: '+18675550100', calledE164: '+18675550199' })).toBe('unknown'); // 867 spans 3 territories
  });

  it('calls an extension internal, and a call within a non-NANP home country national', () => {
    expect(jurisdictionOf({ callerE164: null, calledE164: null, calledIsExtension: true })).toBe('internal');
    expect(jurisdictionOf({ callerE164: null, calledE164: '+34688886392', customerCountry: 'ES' })).toBe('national');
    expect(jurisdictionOf({ callerE164: null, calledE164: '+18005550100', customerCountry: 'ES' })).toBe(
      'international',
    );
  });
});
