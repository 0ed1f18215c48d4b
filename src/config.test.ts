import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      demo: true,
      logLevel: 'info',
    });
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('names the variable and the problem', () => {
    const bad = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(bad({ DATABASE_URL: 'localhost:5432/db' })).toMatch(/^DATABASE_URL: .*postgres:/);
    expect(bad({ DATABASE_URL: 'mysql://h/db' })).toContain('must start with postgres: or postgresql:');
    expect(bad({ PORT: 'eighty' })).toBe('PORT: must be a whole number, got "eighty"');
    expect(bad({ PORT: '70000' })).toContain('between 0 and 65535');
    expect(bad({ SMTP_URL: 'http://mail' })).toContain('SMTP_URL');
    expect(bad({ MOADON_DEMO: 'maybe' })).toContain('MOADON_DEMO');
    expect(bad({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL');
    expect(bad({ MOADON_OWNER_PASSWORD: 'short' })).toContain('at least 10');
    expect(bad({ MOADON_TRUSTED_PROXIES: '10.0.0.1, proxy.local' })).toContain(
      'MOADON_TRUSTED_PROXIES: "proxy.local" is not an IP address',
    );
    expect(bad({ MOADON_TRUSTED_PROXIES: '10.0.0.0/33' })).toContain('MOADON_TRUSTED_PROXIES');
    expect(bad({ MOADON_METRICS_TOKEN: 'short' })).toContain('MOADON_METRICS_TOKEN');
    expect(bad({ MOADON_METRICS_PORT: '0' })).toContain('MOADON_METRICS_PORT');
  });

  it('trusts no proxy and serves no public metrics unless told to', () => {
    expect(loadConfig({})).toMatchObject({
      trustedProxies: [],
      metricsToken: undefined,
      metricsPort: undefined,
    });
    const config = loadConfig({
      MOADON_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.7,::1,loopback',
      MOADON_METRICS_PORT: '9464',
    });
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '192.0.2.7', '::1', 'loopback']);
    expect(config.metricsPort).toBe(9464);
  });

  it('runs no inbound SMTP server unless given a port', () => {
    expect(loadConfig({ HOST: '0.0.0.0' })).toMatchObject({
      inboundSmtpPort: undefined,
      inboundSmtpHost: '0.0.0.0',
    });
    expect(
      loadConfig({ MOADON_INBOUND_SMTP_PORT: '2525', MOADON_INBOUND_SMTP_HOST: '127.0.0.1' }),
    ).toMatchObject({ inboundSmtpPort: 2525, inboundSmtpHost: '127.0.0.1' });
    expect(() => loadConfig({ MOADON_INBOUND_SMTP_PORT: 'smtp' })).toThrow(/MOADON_INBOUND_SMTP_PORT/);
  });

  it('accepts a real PostgreSQL URL and SMTP URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/moadon',
      SMTP_URL: 'smtps://u:p@mail:465',
    });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/moadon');
    expect(config.smtpUrl).toBe('smtps://u:p@mail:465');
  });

  it('warns at start when marketing mail would carry a non-https unsubscribe link', () => {
    expect(configWarnings(loadConfig({}))).toEqual([expect.stringContaining('http://127.0.0.1:3000')]);
    expect(configWarnings(loadConfig({ MOADON_PUBLIC_URL: 'http://club.example' }))[0]).toContain('RFC 8058');
    expect(configWarnings(loadConfig({ MOADON_PUBLIC_URL: 'https://club.example' }))).toEqual([]);
  });
});
