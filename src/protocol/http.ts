import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The one outbound HTTP call of the protocol: PUT `body` to `url`. Resolves with the
 * status code; rejects on network errors and when no answer arrives within `timeoutMs`.
 * Kept alone so that tests can replace it.
 */
export type Transport = (url: URL, body: string, timeoutMs: number) => Promise<number>;

export const putBody: Transport = (url, body, timeoutMs) =>
  new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(
      url,
      {
        method: 'PUT',
        // CloudFormation's pre-signed S3 URL is signed for an empty Content-Type.
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
