/**
 * The AWS clients, created lazily per region: a Delete that only touches IAM never
 * builds the Pinpoint or SES client. Every client uses the SDK's standard retry
 * strategy (throttling, 5xx, timeouts) and honours AWS_ENDPOINT_URL.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { SESv2Client } from '@aws-sdk/client-sesv2';

export interface Clients {
  readonly iam: IAMClient;
  readonly pinpoint: PinpointClient;
  readonly ses: SESv2Client;
}

export const SDK_RETRY = { retryMode: 'standard', maxAttempts: 5 } as const;

export function createClients(region: string): Clients {
  const config = { region, ...SDK_RETRY };
  let iam: IAMClient | undefined;
  let pinpoint: PinpointClient | undefined;
  let ses: SESv2Client | undefined;
  return {
    get iam() {
      return (iam ??= new IAMClient(config));
    },
    get pinpoint() {
      return (pinpoint ??= new PinpointClient(config));
    },
    get ses() {
      return (ses ??= new SESv2Client(config));
    },
  };
}
