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
});
