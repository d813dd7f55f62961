/**
 * The ResponseURL is a credential the event carries: only this Region's CloudFormation response
 * bucket is accepted (virtual-hosted or path-style on its S3 endpoints), checked in time linear in
 * the URL's length.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type * as ResponseUrl from '../../../src/protocol/response-url.js';
import { fresh, RESPONSE_URL } from '../fixtures.js';

// The module under test, loaded afresh for each test (its host limit and loopback hosts are top-level): see fresh().
let acceptResponseUrl: typeof ResponseUrl.acceptResponseUrl;
let responseBucket: typeof ResponseUrl.responseBucket;
beforeEach(
  async () =>
    ({ acceptResponseUrl, responseBucket } = await fresh(() => import('../../../src/protocol/response-url.js'))),
);

const REGION = 'us-east-1';
const accepts = (value: unknown, region: string | undefined = REGION, allowLoopback = false) =>
  acceptResponseUrl(value, { region, allowLoopback });
const BUCKET = 'cloudformation-custom-resource-response-useast1';
const KEY =
  '/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/s/id%7CMyEventStream%7Creq?X-Amz-Signature=s';

/** Every host form of a Region's response bucket: virtual-hosted on the three endpoints, and path-style on them. */
function forms(region: string, domain: string): string[] {
  const bucket = `cloudformation-custom-resource-response-${region.replaceAll('-', '')}`;
  const endpoints = [`s3.${domain}`, `s3.${region}.${domain}`, `s3-${region}.${domain}`];
  return [
    ...endpoints.map((endpoint) => `https://${bucket}.${endpoint}${KEY}`),
    ...endpoints.map((endpoint) => `https://${endpoint}/${bucket}${KEY}`),
  ];
}

describe('acceptResponseUrl: what is accepted', () => {
  it('names the bucket of a Region: the prefix and the Region without hyphens', () => {
    expect(responseBucket('us-east-1')).toBe(BUCKET);
    expect(responseBucket('us-gov-west-1')).toBe('cloudformation-custom-resource-response-usgovwest1');
  });

  it.each([
    ['us-east-1', 'amazonaws.com'],
    ['us-gov-west-1', 'amazonaws.com'],
    ['cn-north-1', 'amazonaws.com.cn'],
  ])('accepts every host form of the response bucket of %s (domain %s)', (region, domain) => {
    for (const value of forms(region, domain)) {
      expect(accepts(value, region)?.href, value).toBe(new URL(value).href);
      expect(accepts(value, region, true)?.href, value).toBe(new URL(value).href);
    }
  });

  it('accepts the fixture ResponseURL, and a host in capitals (host names ignore case)', () => {
    expect(accepts(RESPONSE_URL)?.href).toBe(RESPONSE_URL);
    expect(accepts(`https://${BUCKET.toUpperCase()}.S3.AMAZONAWS.COM/key`)).toBeInstanceOf(URL);
  });

  it.each([
    'http://127.0.0.1:8080/response?sig=1',
    'http://localhost:9000/r',
    'http://[::1]:8080/r',
    'https://127.0.0.1/r',
    'https://localhost:8443/r',
  ])('accepts loopback %s only when allowLoopback is true, in any Region or none', (value) => {
    expect(accepts(value)).toBeUndefined();
    expect(accepts(value, REGION, true)?.href).toBe(new URL(value).href);
    expect(acceptResponseUrl(value, { region: undefined, allowLoopback: true })?.href).toBe(new URL(value).href);
  });
});

describe('acceptResponseUrl: what is refused', () => {
  it.each([
    ["another Region's bucket", `https://cloudformation-custom-resource-response-uswest2.s3.amazonaws.com${KEY}`],
    ["another Region's bucket on its own endpoint", forms('eu-west-1', 'amazonaws.com')[1]],
    ["this bucket on another Region's endpoint", `https://${BUCKET}.s3.eu-west-1.amazonaws.com${KEY}`],
    ["this bucket path-style on another Region's endpoint", `https://s3-eu-west-1.amazonaws.com/${BUCKET}${KEY}`],
    ['the bucket on the China domain outside China', `https://${BUCKET}.s3.amazonaws.com.cn${KEY}`],
    ['a look-alike bucket (...-useast1-evil)', `https://${BUCKET}-evil.s3.amazonaws.com${KEY}`],
    ['a look-alike bucket (...-useast1evil)', `https://${BUCKET}evil.s3.amazonaws.com${KEY}`],
    ['a look-alike bucket, path-style', `https://s3.amazonaws.com/${BUCKET}-evil${KEY}`],
    ['a bucket ending like it', `https://evil-${BUCKET}.s3.amazonaws.com${KEY}`],
    ['the bucket with no key, path-style', `https://s3.amazonaws.com/${BUCKET}`],
    ['the bucket percent-encoded, path-style', `https://s3.amazonaws.com/${BUCKET}%2Fkey`],
    ['the bucket second in the path', `https://s3.amazonaws.com/my-bucket/${BUCKET}/key`],
    ['another bucket whose key starts like it', `https://my-bucket.s3.amazonaws.com/${BUCKET}/key`],
    ['the bucket as a label of another service', `https://${BUCKET}.sqs.us-east-1.amazonaws.com/key`],
    ['a dualstack endpoint', `https://${BUCKET}.s3.dualstack.us-east-1.amazonaws.com/key`],
    ['a look-alike domain after s3-', `https://${BUCKET}.s3-amazonaws.com/key`],
    ['a look-alike suffix', `https://${BUCKET}.s3.amazonaws.com.evil.example/key`],
    ['a look-alike endpoint, path-style', `https://evils3.amazonaws.com/${BUCKET}/key`],
    ['a port', `https://${BUCKET}.s3.amazonaws.com:8443/key`],
    ['a port, path-style', `https://s3.amazonaws.com:443/${BUCKET}/key`.replace(':443', ':4443')],
    ['userinfo', `https://user:pass@${BUCKET}.s3.amazonaws.com/key`],
    ['a user name only', `https://user@${BUCKET}.s3.amazonaws.com/key`],
    ['the bucket host hidden in the userinfo', `https://${BUCKET}.s3.amazonaws.com@evil.com/key`],
    ['the bucket host after #', `https://evil.com#${BUCKET}.s3.amazonaws.com`],
    ['http', `http://${BUCKET}.s3.amazonaws.com/key`],
    ['http, path-style', `http://s3.amazonaws.com/${BUCKET}/key`],
    ['ftp', `ftp://${BUCKET}.s3.amazonaws.com/key`],
    ['a non-AWS host', 'https://evil.com/key'],
    ['metadata', 'http://169.254.169.254/latest/meta-data'],
    ['not a URL', 'not a url'],
    ['empty', ''],
  ])('%s', (_label, value) => {
    expect(accepts(value)).toBeUndefined();
    expect(accepts(value, REGION, true)).toBeUndefined();
  });

  it('a host over 253 characters (254)', () => {
    const host = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(48)}.amazonaws.com`;
    expect(host).toHaveLength(254);
    expect(accepts(`https://${host}/key`)).toBeUndefined();
  });

  it.each([
    'http://10.0.0.1/r',
    'http://example.com/r',
    'http://127.0.0.1.evil.com/r',
    'http://localhost.evil.com/r',
    'http://user:pw@127.0.0.1/r',
    'http://user@localhost/r',
    'ftp://127.0.0.1/r',
  ])('non-loopback or credentialed URLs even when loopback is allowed: %s', (value) => {
    expect(accepts(value, REGION, true)).toBeUndefined();
  });

  it('everything when the function does not know its Region, and anything that is not a string', () => {
    expect(acceptResponseUrl(RESPONSE_URL, { region: undefined, allowLoopback: true })).toBeUndefined();
    for (const value of [undefined, null, 42, {}, [RESPONSE_URL], new URL(RESPONSE_URL)]) {
      expect(accepts(value)).toBeUndefined();
    }
  });
});

describe('acceptResponseUrl: hostile ResponseURLs are refused at once', () => {
  /** The fastest of three tries, in ms (one try may meet a garbage collection). */
  function fastest(value: string): number {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      expect(accepts(value)).toBeUndefined();
      times.push(performance.now() - started);
    }
    return Math.min(...times);
  }

  it.each([40, 5_000])('https://s3-a-a-...-a.amazonaws.co/ with %i hyphen groups: well under 50 ms', (groups) => {
    const host = `s3${'-a'.repeat(groups)}.amazonaws.co`;
    expect(fastest(`https://${host}/`)).toBeLessThan(50);
    expect(fastest(`https://${host}/${BUCKET}${'/a'.repeat(groups)}`)).toBeLessThan(50);
  });

  it('a 1 MB path or query under the right host: well under 50 ms', () => {
    expect(fastest(`https://s3.amazonaws.com/${'a-'.repeat(500_000)}`)).toBeLessThan(50);
    expect(fastest(`https://evil.example/${BUCKET}/?${'x'.repeat(1_000_000)}`)).toBeLessThan(50);
  });
});
