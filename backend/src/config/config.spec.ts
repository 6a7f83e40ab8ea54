import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe(loadConfig.name, () => {
  it('stops at start-up on an ADMIN_PASSWORD that is easy to guess, naming the variable and the reason', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'password1234' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'aaaaaaaaaaaa' })).toThrow(
      /^ADMIN_PASSWORD is too easy to guess: Repeated characters like "aaa" are easy to guess/,
    );
  });

  it('takes a long passphrase as ADMIN_PASSWORD', () => {
    expect(loadConfig({ ADMIN_PASSWORD: 'copper-tundra-whistle-42' }).adminPassword).toBe('copper-tundra-whistle-42');
  });

  it('bounds IP restrictions at /16 (IPv4) and /32 (IPv6) unless configured', () => {
    expect(loadConfig({})).toMatchObject({ restrictionMinPrefixV4: 16, restrictionMinPrefixV6: 32 });
    expect(loadConfig({ RESTRICTION_MIN_PREFIX_V4: '24', RESTRICTION_MIN_PREFIX_V6: '48' })).toMatchObject({
      restrictionMinPrefixV4: 24,
      restrictionMinPrefixV6: 48,
    });
  });

  it.each([
    ['RESTRICTION_MIN_PREFIX_V4', '33', 'RESTRICTION_MIN_PREFIX_V4 must be an integer between 0 and 32, got "33"'],
    ['RESTRICTION_MIN_PREFIX_V6', '129', 'RESTRICTION_MIN_PREFIX_V6 must be an integer between 0 and 128, got "129"'],
    ['RESTRICTION_MIN_PREFIX_V4', '/16', 'RESTRICTION_MIN_PREFIX_V4 must be an integer between 0 and 32, got "/16"'],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(message));
  });

  it('reads BLACKLIST_TRUSTED as canonical CIDRs, IPv4-mapped addresses as IPv4', () => {
    expect(loadConfig({}).blacklistTrusted).toEqual([]);
    expect(
      loadConfig({ BLACKLIST_TRUSTED: ' 198.51.100.0/24, ::ffff:203.0.113.5 ,2001:DB8::/32' }).blacklistTrusted,
    ).toEqual(['198.51.100.0/24', '203.0.113.5/32', '2001:db8::/32']);
  });

  it.each(['carrier.example.net', '198.51.100.1/24', '10.0.0.0/33'])(
    'refuses BLACKLIST_TRUSTED entry %s, naming it',
    (bad) => {
      expect(() => loadConfig({ BLACKLIST_TRUSTED: `192.0.2.1,${bad}` })).toThrow(
        new ConfigError(`BLACKLIST_TRUSTED: "${bad}" is not an IP or CIDR (host bits must be zero)`),
      );
    },
  );

  it('reads the letterhead from OPERATOR_NAME and OPERATOR_CONTACT, one printable line each', () => {
    expect(loadConfig({})).toMatchObject({ operatorName: 'Tollgate NOC', operatorContact: '' });
    expect(
      loadConfig({ OPERATOR_NAME: ' Acme Telecom NOC ', OPERATOR_CONTACT: 'noc@acme.example · +1 555 0100' }),
    ).toMatchObject({ operatorName: 'Acme Telecom NOC', operatorContact: 'noc@acme.example · +1 555 0100' });
    expect(() => loadConfig({ OPERATOR_CONTACT: 'line one\nline two' })).toThrow(
      'OPERATOR_CONTACT must be one line of at most 200 printable characters',
    );
  });
});
