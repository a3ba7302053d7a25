import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../server/env.ts';

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const config = parseEnv({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: null, watchSchedule: '0 * * * *', adminToken: null, githubApiUrl: 'https://api.github.com' });
    expect(config.dataDir).toMatch(/data$/);
  });

  it.each([
    ['PORT', 'abc', /PORT: must be a port number \(got "abc"\)/],
    ['PORT', '70000', /PORT: must be between 0 and 65535/],
    ['PORT', '', /PORT: must be a port number \(got ""\)/],
    ['PORT', ' 80', /PORT: must be a port number/],
    ['PORT', '0x50', /PORT: must be a port number/],
    ['HOST', '999.1.1.1', /HOST: must be an IP address or a host name \(got "999.1.1.1"\)/],
    ['HOST', '', /HOST: must be an IP address or a host name/],
    ['HOST', 'two words', /HOST: must be an IP address or a host name/],
    ['DATABASE_URL', 'mysql://localhost/x', /DATABASE_URL: must be a URL like postgres:/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL/],
    ['WATCH_SCHEDULE', 'every hour', /WATCH_SCHEDULE: must be a cron expression/],
    ['GITHUB_API_URL', 'github', /GITHUB_API_URL/],
    ['VETTED_ADMIN_TOKEN', 'short', /VETTED_ADMIN_TOKEN: must be at least 16 characters$/],
    ['RATE_LIMIT_WRITES', '0', /RATE_LIMIT_WRITES: must be at least 1 \(got "0"\)/],
    ['RATE_LIMIT_WINDOW_SECONDS', 'ten', /RATE_LIMIT_WINDOW_SECONDS: must be a number of seconds/],
    ['RATE_LIMIT_FAILED_SIGNINS', '2.5', /RATE_LIMIT_FAILED_SIGNINS: must be a whole number/],
  ])('names %s when it is %j', (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });

  it('reads the write limits (per token) and the failed sign-in limit (per address)', () => {
    expect(parseEnv({}).rateLimits).toEqual({ writesPerWindow: 1200, failedAuthPerWindow: 30, windowMs: 600_000 });
    expect(parseEnv({ RATE_LIMIT_WRITES: '5000', RATE_LIMIT_FAILED_SIGNINS: '10', RATE_LIMIT_WINDOW_SECONDS: '60' }).rateLimits).toEqual({ writesPerWindow: 5000, failedAuthPerWindow: 10, windowMs: 60_000 });
  });

  it('turns WATCH_SCHEDULE=off into no schedule and keeps a postgres URL', () => {
    const config = parseEnv({ WATCH_SCHEDULE: 'off', DATABASE_URL: 'postgresql://u:p@db:5432/vetted', GITHUB_API_URL: 'http://127.0.0.1:9999/' });
    expect(config.watchSchedule).toBeNull();
    expect(config.databaseUrl).toBe('postgresql://u:p@db:5432/vetted');
    expect(config.githubApiUrl).toBe('http://127.0.0.1:9999');
  });

  it.each(['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'vetted.example.org'])('accepts HOST=%s', (host) => {
    expect(parseEnv({ HOST: host }).host).toBe(host);
  });

  it('never echoes secrets in its message', () => {
    expect(() => parseEnv({ VETTED_ADMIN_TOKEN: 'secret' })).not.toThrow(/secret/);
  });
});
