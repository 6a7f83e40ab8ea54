import { nextStep, waitsOn } from './ticket';

describe('nextStep', () => {
  it('is the lifecycle step the case waits for, when the caller may take it', () => {
    expect(nextStep({ state: 'detected', allowedEvents: ['DISMISS', 'RESTRICT', 'ESCALATE'] })).toBe('RESTRICT');
    expect(nextStep({ state: 'customer_reviewed', allowedEvents: ['CONFIRM_CHARGES_ACCEPTED', 'REQUEST_INFO'] })).toBe(
      'CONFIRM_CHARGES_ACCEPTED',
    );
    expect(nextStep({ state: 'source_removed', allowedEvents: ['RESTRICT', 'LIFT_RESTRICTIONS'] })).toBe(
      'LIFT_RESTRICTIONS',
    );
  });

  it('is none while the customer has the move, once closed, or when the caller may not take it', () => {
    expect(nextStep({ state: 'restricted', allowedEvents: ['RESTRICT', 'REQUEST_INFO'] })).toBeNull();
    expect(nextStep({ state: 'dismissed', allowedEvents: ['REOPEN'] })).toBeNull();
    expect(nextStep({ state: 'detected', allowedEvents: [] })).toBeNull();
  });
});

describe('waitsOn', () => {
  it('says whose move it is', () => {
    expect(waitsOn('restricted')).toBe('customer');
    expect(waitsOn('detected')).toBe('noc');
    expect(waitsOn('customer_reviewed')).toBe('noc');
    expect(waitsOn('restrictions_lifted')).toBeNull();
  });
});
