/**
 * Which ResponseURL the function may PUT its answer to. The ResponseURL is a pre-signed
 * credential the event carries, so it is checked before any work: only this Region's
 * CloudFormation response bucket is accepted. The check compares whole strings (no regular
 * expression that could backtrack), so it runs in time linear in the URL's length whatever a
 * hostile event holds.
 */

/** Longest host name DNS allows. */
const MAX_HOST = 253;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `cloudformation-custom-resource-response-<Region without hyphens>`, e.g. `...-useast1`. */
export function responseBucket(region: string): string {
  return `cloudformation-custom-resource-response-${region.split('-').join('')}`;
}

/** S3's domain in the Region's partition: `amazonaws.com`, or `amazonaws.com.cn` in China. */
function s3Domain(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** The S3 endpoints that serve the Region: global, `s3.<region>` and the older `s3-<region>`. */
function s3Hosts(region: string): string[] {
  const domain = s3Domain(region);
  return [`s3.${domain}`, `s3.${region}.${domain}`, `s3-${region}.${domain}`];
}

/** The hosts a response may go to: the bucket virtual-hosted on an S3 endpoint, or an S3 endpoint (path-style). */
function isResponseBucketUrl(url: URL, region: string): boolean {
  const bucket = responseBucket(region);
  const endpoints = s3Hosts(region);
  if (endpoints.some((endpoint) => url.hostname === `${bucket}.${endpoint}`)) return true;
  // Path-style: the first path segment is the bucket, followed by the object key.
  return endpoints.includes(url.hostname) && url.pathname.startsWith(`/${bucket}/`);
}

export interface ResponseUrlPolicy {
  /** The function's own Region (AWS_REGION): only its response bucket is accepted. Unknown: none is. */
  readonly region: string | undefined;
  /** Accept http or https on the loopback interface (local runs and tests only). */
  readonly allowLoopback: boolean;
}

/**
 * The ResponseURL as a URL, if the function may PUT to it: https, no port, no user info, on
 * this Region's CloudFormation response bucket; or (only when `allowLoopback`) http/https on the
 * loopback interface. Undefined for anything else.
 */
export function acceptResponseUrl(value: unknown, policy: ResponseUrlPolicy): URL | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.hostname.length > MAX_HOST) return undefined;
  if (
    policy.allowLoopback &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    LOOPBACK_HOSTS.has(url.hostname)
  ) {
    return url;
  }
  if (url.protocol !== 'https:' || url.port !== '' || policy.region === undefined) return undefined;
  return isResponseBucketUrl(url, policy.region) ? url : undefined;
}
