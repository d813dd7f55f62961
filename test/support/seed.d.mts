// Types for test/support/seed.mjs (imported by the TypeScript tests).

import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { PinpointClient } from '@aws-sdk/client-pinpoint';
import type {
  PinpointSMSVoiceV2Client,
  EventDestination as SmsEventDestination,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SESv2Client } from '@aws-sdk/client-sesv2';

export { ACCOUNT, REGION } from './deployment.mjs';

export interface Clients {
  iam: IAMClient;
  pinpoint: PinpointClient;
  ses: SESv2Client;
  kinesis: KinesisClient;
  firehose: FirehoseClient;
  logs: CloudWatchLogsClient;
  /** Only the gateway serves it (moto has no SMS and voice v2). */
  smsVoice: PinpointSMSVoiceV2Client;
  cloudformation: CloudFormationClient;
}
export declare function clients(endpoint: string): Clients;
export declare function ensureBoundaryPolicy(c: Clients): Promise<string>;

export interface SeedNames {
  app?: string;
  stream?: string;
  firehose?: string;
  configurationSet?: string;
  logGroup?: string;
  smsConfigurationSet?: string;
}
export interface Streams {
  KinesisStreamArn: string;
  FirehoseStreamArn: string;
}
export interface World extends Streams {
  ApplicationId: string;
  ConfigurationSetName: string;
  /** arn:aws:logs:us-east-1:123456789012:log-group:<name>:* */
  LogGroupArn: string;
  /** Present when seeded with `viaGateway`. */
  SmsConfigurationSetName?: string;
}
export interface SmsWorld extends World {
  SmsConfigurationSetName: string;
}
export declare function seed(
  c: Clients,
  options: { viaGateway: Clients; names?: SeedNames; streams?: Streams },
): Promise<SmsWorld>;
export declare function seed(c: Clients, options: { names?: SeedNames; streams?: Streams }): Promise<World>;
export declare function seed(c: Clients, names?: SeedNames, streams?: Streams): Promise<World>;

export declare function fillEvent(template: any, values: Record<string, string>): any;
export declare function readRole(c: Clients, name: string): Promise<any>;
export declare function readEventStream(
  c: Clients,
  applicationId: string,
): Promise<{ DestinationStreamArn: string; RoleArn: string } | undefined>;
export declare function putForeignEventStream(
  c: Clients,
  applicationId: string,
  destination: string,
  roleArn: string,
): Promise<void>;
export declare function readEventDestinations(c: Clients, configurationSetName: string): Promise<any[]>;
export declare function readSmsEventDestinations(
  c: Clients,
  configurationSetName: string,
): Promise<SmsEventDestination[]>;
export declare function putForeignSmsEventDestination(
  c: Clients,
  options: {
    viaGateway: Clients;
    configurationSetName: string;
    eventDestinationName: string;
    destinationStreamArn?: string;
    logGroupArn?: string;
    matchingEventTypes?: string[];
  },
): Promise<string>;
