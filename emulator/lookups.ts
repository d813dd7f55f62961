/**
 * The stand-ins' own look-ups in moto, per Region: does a configuration set, a delivery stream,
 * a log group exist? Straight to moto with the emulator's credentials, never through the gateway.
 */
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { GetConfigurationSetCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { EMULATOR_CREDENTIALS } from './account.js';
import type { TargetLookup } from './sms-voice.js';

interface RegionalClients {
  readonly firehose: FirehoseClient;
  readonly logs: CloudWatchLogsClient;
  readonly ses: SESv2Client;
}

const succeeds = (promise: Promise<unknown>): Promise<boolean> =>
  promise.then(
    () => true,
    () => false,
  );

export class MotoLookups implements TargetLookup {
  private readonly regional = new Map<string, RegionalClients>();

  constructor(private readonly motoEndpoint: string) {}

  configurationSetExists(name: string, region: string): Promise<boolean> {
    return succeeds(this.in(region).ses.send(new GetConfigurationSetCommand({ ConfigurationSetName: name })));
  }

  deliveryStreamExists(region: string, name: string): Promise<boolean> {
    return succeeds(this.in(region).firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: name })));
  }

  async logGroupExists(region: string, name: string): Promise<boolean> {
    const { logGroups = [] } = await this.in(region).logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: name }),
    );
    return logGroups.some((g) => g.logGroupName === name);
  }

  close(): void {
    for (const c of this.regional.values()) for (const client of Object.values(c)) client.destroy();
  }

  private in(region: string): RegionalClients {
    let clients = this.regional.get(region);
    if (!clients) {
      const config = { endpoint: this.motoEndpoint, credentials: EMULATOR_CREDENTIALS, region };
      clients = {
        firehose: new FirehoseClient(config),
        logs: new CloudWatchLogsClient(config),
        ses: new SESv2Client(config),
      };
      this.regional.set(region, clients);
    }
    return clients;
  }
}
