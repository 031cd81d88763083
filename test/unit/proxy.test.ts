// Proxy choice as kubectl makes it (Go's ProxyFromEnvironment): proxy-url, else HTTPS_PROXY/HTTP_PROXY by scheme,
// NO_PROXY exceptions, never an environment proxy for loopback.
import * as assert from 'node:assert/strict';
import { noProxyMatches, proxyFor } from '../../src/core/client/proxy';

const api = new URL('https://api.prod.example.com:6443');

describe('proxyFor', () => {
  it('prefers the cluster\'s proxy-url over the environment', () => {
    assert.equal(proxyFor(api, 'socks5://10.0.0.9:1080', { HTTPS_PROXY: 'http://corp:3128' })?.href, 'socks5://10.0.0.9:1080');
  });

  it('takes HTTPS_PROXY (or https_proxy) for https servers and HTTP_PROXY for http ones', () => {
    assert.equal(proxyFor(api, undefined, { HTTPS_PROXY: 'http://corp:3128', HTTP_PROXY: 'http://other:1' })?.host, 'corp:3128');
    assert.equal(proxyFor(api, undefined, { https_proxy: 'corp:3128' })?.href, 'http://corp:3128/');
    assert.equal(proxyFor(new URL('http://api.example.com:8001'), undefined, { HTTPS_PROXY: 'http://corp:3128', HTTP_PROXY: 'http://plain:8080' })?.host, 'plain:8080');
    assert.equal(proxyFor(api, undefined, {}), undefined);
  });

  it('never sends loopback through an environment proxy', () => {
    for (const server of ['https://127.0.0.1:6443', 'https://localhost:6443', 'https://[::1]:6443']) {
      assert.equal(proxyFor(new URL(server), undefined, { HTTPS_PROXY: 'http://corp:3128' }), undefined, server);
    }
  });

  it('honours NO_PROXY', () => {
    assert.equal(proxyFor(api, undefined, { HTTPS_PROXY: 'http://corp:3128', NO_PROXY: 'localhost,.example.com' }), undefined);
    assert.ok(proxyFor(api, undefined, { HTTPS_PROXY: 'http://corp:3128', NO_PROXY: 'example.org' }));
  });
});

describe('noProxyMatches', () => {
  it('matches host names with and without a leading dot, and their subdomains only', () => {
    assert.equal(noProxyMatches('api.example.com', '443', 'example.com'), true);
    assert.equal(noProxyMatches('api.example.com', '443', '.example.com'), true);
    assert.equal(noProxyMatches('example.com', '443', '.example.com'), true);
    assert.equal(noProxyMatches('notexample.com', '443', 'example.com'), false);
  });

  it('matches IPs and CIDRs, and a port when one is given', () => {
    assert.equal(noProxyMatches('10.1.2.3', '6443', '10.0.0.0/8'), true);
    assert.equal(noProxyMatches('192.168.1.1', '6443', '10.0.0.0/8'), false);
    assert.equal(noProxyMatches('10.1.2.3', '6443', '10.1.2.3:443'), false);
    assert.equal(noProxyMatches('10.1.2.3', '6443', '10.1.2.3:6443'), true);
    assert.equal(noProxyMatches('fd00::1', '6443', 'fd00::/8'), true);
  });

  it('treats * as everything and ignores empty entries', () => {
    assert.equal(noProxyMatches('anything.io', '443', ' , *'), true);
    assert.equal(noProxyMatches('anything.io', '443', ' , '), false);
  });
});
