/**
 * SDK clients signed with the seed key (SEED_ACCESS_KEY_ID), so the gateway never mistakes the
 * tools' and tests' own calls for the function's. Kinesis in moto answers only over HTTP/1.1,
 * hence NodeHttpHandler.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { IAMClient } from '@aws-sdk/client-iam';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { REGION, SECRET_ACCESS_KEY, SEED_ACCESS_KEY_ID } from './deployment.js';

export interface Clients {
  readonly iam: IAMClient;
  readonly pinpoint: PinpointClient;
  readonly ses: SESv2Client;
  readonly kinesis: KinesisClient;
  readonly firehose: FirehoseClient;
  readonly logs: CloudWatchLogsClient;
  /** Only the gateway serves it (moto has no SMS and voice v2). */
  readonly smsVoice: PinpointSMSVoiceV2Client;
  readonly cloudformation: CloudFormationClient;
}

/** The two ways to the emulator: straight to moto (state as it really is), and through the gateway (its stand-ins). */
export interface Readers {
  readonly direct: Clients;
  readonly viaGateway: Clients;
}

/** A client set on `endpoint`, no retries (a failure shows at once). */
export function clients(endpoint: string): Clients {
  const config = {
    region: REGION,
    endpoint,
    credentials: { accessKeyId: SEED_ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    maxAttempts: 1,
  };
  return {
    iam: new IAMClient(config),
    pinpoint: new PinpointClient(config),
    ses: new SESv2Client(config),
    kinesis: new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() }),
    firehose: new FirehoseClient(config),
    logs: new CloudWatchLogsClient(config),
    smsVoice: new PinpointSMSVoiceV2Client(config),
    cloudformation: new CloudFormationClient(config),
  };
}

/** Closes every client of the set (their sockets). */
export function destroyClients(c: Clients): void {
  for (const client of Object.values(c)) client.destroy();
}
