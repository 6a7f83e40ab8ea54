import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_ENTRY_WORDS,
  CUSTOMER_FINDING_WORDS,
  CUSTOMER_STATE_WORDS,
  customerCountry,
  customerEntryTitle,
  customerRestriction,
  customerState,
  INTERNAL_WORDS,
} from './customer-words.js';

describe('customer words', () => {
  it('says every case state in plain words, with who moves next', () => {
    expect(customerState('restricted')).toBe('Calls blocked — waiting for your review');
    expect(customerState('restrictions_lifted')).toBe('Resolved — calls unblocked');
    for (const state of [
      'detected',
      'restricted',
      'customer_reviewed',
      'source_removed',
      'charges_accepted',
      'restrictions_lifted',
      'dismissed',
    ]) {
      expect(CUSTOMER_STATE_WORDS[state], state).toBeTruthy();
    }
  });

  it('names countries with their calling code', () => {
    expect(customerCountry('CU')).toBe('Cuba (+53)');
    expect(customerCountry('lv')).toBe('Latvia (+371)');
    expect(customerCountry('JM')).toBe('Jamaica (+1)');
    expect(customerCountry(null)).toBe('');
  });

  it('says what a restriction blocks, never its kind', () => {
    expect(customerRestriction({ kind: 'destination', value: '+5321' })).toBe('calls to numbers starting +5321 (Cuba)');
    expect(customerRestriction({ kind: 'ip', value: '192.0.2.150/32' })).toBe('calls from the address 192.0.2.150');
    expect(customerRestriction({ kind: 'ip', value: '198.51.100.0/24' })).toBe(
      'calls from the addresses 198.51.100.0/24',
    );
    expect(customerRestriction({ kind: 'seat', value: 'frontdesk' })).toBe('calls by the user frontdesk');
    expect(customerRestriction({ kind: 'destination_class', value: 'caribbean' })).toBe('calls to Caribbean numbers');
    expect(customerRestriction({ kind: 'account', value: 'HARB009' })).toBe('all outgoing calls on your account');
  });

  it('uses none of the internal words in any of its own', () => {
    const all = [
      ...Object.values(CUSTOMER_STATE_WORDS),
      ...Object.values(CUSTOMER_ENTRY_WORDS),
      ...Object.values(CUSTOMER_FINDING_WORDS),
      ...['ip', 'seat', 'group', 'destination', 'destination_class', 'account'].map((kind) =>
        customerRestriction({ kind, value: kind === 'destination' ? '+53' : 'international' }),
      ),
    ].join('\n');
    for (const word of INTERNAL_WORDS) expect(all, word).not.toContain(word);
    expect(customerEntryTitle('RESTRICT')).toBe('Calls blocked to stop the fraud');
    expect(customerEntryTitle('ESCALATE')).toBe('Update');
  });

  it('is the wording the portal shows (frontend/src/app/portal/customer-words.ts)', async () => {
    // A variable path: the backend's type check does not pull in the web app's sources.
    const portalWords = new URL('../../../frontend/src/app/portal/customer-words.ts', import.meta.url).href;
    const portal = (await import(portalWords)) as Record<string, unknown>;
    expect(portal['CUSTOMER_STATE_WORDS']).toEqual(CUSTOMER_STATE_WORDS);
    expect(portal['CUSTOMER_ENTRY_WORDS']).toEqual(CUSTOMER_ENTRY_WORDS);
    expect(portal['INTERNAL_WORDS']).toEqual(INTERNAL_WORDS);
  });
});
