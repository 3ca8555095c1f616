/**
 * The start-up warning of a hub open to the shop's network (`cli/open-hub-warning.ts`):
 * given exactly when it listens beyond loopback with no publish token.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { networkUrls } from '../../src/hub/cli/network-addresses.js';
import { isLoopbackHost, openHubWarning, untrustedAnswersWarning } from '../../src/hub/cli/open-hub-warning.js';

describe('openHubWarning', () => {
  it('loopback hosts are not the network', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'pos.local', '128.0.0.1', '127.0.0.1.example']) assert.equal(isLoopbackHost(host), false, host);
  });

  it('one line, beyond loopback with neither --token nor --lane-tokens: what it allows and how to close it', () => {
    const warning = openHubWarning({ host: '0.0.0.0', token: undefined, laneTokens: undefined });
    assert.equal(
      warning,
      'the hub listens on 0.0.0.0 with no --token and no --lane-tokens: anyone on the network can post bills, dialogs and prompts to any lane and read every lane; close it with --token <secret> (every lane) or --lane-tokens <file> (one per till)',
    );
    assert.ok(!warning!.includes('\n'));
    assert.match(openHubWarning({ host: '192.168.1.20', token: undefined, laneTokens: {} })!, /listens on 192\.168\.1\.20/, 'an empty lane-tokens file closes nothing');
  });

  it('none on loopback, or with a token or lane tokens', () => {
    assert.equal(openHubWarning({ host: '127.0.0.1', token: undefined, laneTokens: undefined }), undefined);
    assert.equal(openHubWarning({ host: '0.0.0.0', token: 'global-token-0001', laneTokens: undefined }), undefined);
    assert.equal(openHubWarning({ host: '0.0.0.0', token: undefined, laneTokens: { 'till-1': 'till-1-token-0001' } }), undefined);
  });

  it('a LAN hub with no --allow-host (nor --allow-origin) is told its displays\' answers are not trusted', () => {
    assert.match(untrustedAnswersWarning({ host: '0.0.0.0', extraHosts: [], allowOrigins: undefined })!, /no --allow-host: .*answers to prompts .*not trusted; add --allow-host/);
    assert.equal(untrustedAnswersWarning({ host: '127.0.0.1', extraHosts: [], allowOrigins: undefined }), undefined);
    assert.equal(untrustedAnswersWarning({ host: '0.0.0.0', extraHosts: ['192.168.1.10'], allowOrigins: undefined }), undefined);
    assert.equal(untrustedAnswersWarning({ host: '0.0.0.0', extraHosts: [], allowOrigins: ['http://192.168.1.10:5000'] }), undefined);
  });
});

describe('networkUrls (the start banner of a hub on every interface)', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: '192.168.1.10', family: 'IPv4', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
    ],
    wlan0: [{ address: '10.0.0.7', family: 'IPv4', internal: false }],
  } as unknown as ReturnType<typeof import('node:os').networkInterfaces>;

  it('a wildcard host becomes each external IPv4 address, port kept', () => {
    assert.deepEqual(networkUrls('http://0.0.0.0:5000', interfaces), ['http://192.168.1.10:5000', 'http://10.0.0.7:5000']);
    assert.deepEqual(networkUrls('https://[::]:5443', interfaces), ['https://192.168.1.10:5443', 'https://10.0.0.7:5443']);
  });

  it('any other host: nothing to add', () => {
    assert.deepEqual(networkUrls('http://127.0.0.1:5000', interfaces), []);
    assert.deepEqual(networkUrls('http://192.168.1.10:5000', interfaces), []);
  });
});

