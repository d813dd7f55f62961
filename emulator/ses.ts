/**
 * SES v2 configuration-set event destinations (GET/POST/PUT/DELETE
 * /v2/email/configuration-sets/{name}/event-destinations[/{dest}]), which moto 5.2.1 lacks:
 * kept in memory, with the real API's shapes and error codes, on top of moto's configuration
 * sets. A Firehose destination's role passes SES's check first (see iam.ts).
 */
import type { Call } from './call.js';
import type { IamEmulation } from './iam.js';
import { type Answer, jsonBody, restError, restJson } from './wire.js';

export interface SesFirehoseDestination {
  readonly IamRoleArn?: string;
  readonly DeliveryStreamArn?: string;
}

/** An event destination as GetConfigurationSetEventDestinations lists it. */
export interface SesEventDestination {
  readonly Name: string;
  readonly Enabled: boolean;
  readonly MatchingEventTypes: readonly string[];
  readonly KinesisFirehoseDestination?: SesFirehoseDestination;
}

interface DestinationInput {
  readonly Enabled?: boolean;
  readonly MatchingEventTypes?: readonly string[];
  readonly KinesisFirehoseDestination?: SesFirehoseDestination;
}

/** Does moto hold this configuration set in the call's Region? */
export type ConfigurationSetExists = (name: string, region: string) => Promise<boolean>;

export class SesStandIn {
  /** configuration set -> destination name -> destination */
  private readonly destinations = new Map<string, Map<string, SesEventDestination>>();

  constructor(
    private readonly iam: IamEmulation,
    private readonly exists: ConfigurationSetExists,
  ) {}

  async handle(call: Call, body: string): Promise<Answer> {
    const cs = call.configurationSet ?? '';
    if (!(await this.exists(cs, call.region)))
      return restError(404, 'NotFoundException', `Configuration set <${cs}> does not exist.`);
    const table = this.table(cs);
    if (call.method === 'GET') return restJson(200, { EventDestinations: [...table.values()] });
    if (call.method === 'DELETE') {
      if (!call.destination || !table.has(call.destination))
        return restError(404, 'NotFoundException', `Event destination ${call.destination} does not exist.`);
      table.delete(call.destination);
      return restJson(200, {});
    }
    const input = jsonBody(body);
    const name = call.method === 'POST' ? String(input.EventDestinationName) : (call.destination ?? '');
    if (call.method === 'POST' && table.has(name))
      return restError(400, 'AlreadyExistsException', `Event destination ${name} already exists.`);
    if (call.method === 'PUT' && !table.has(name))
      return restError(404, 'NotFoundException', `Event destination ${name} does not exist.`);
    const destination = (input.EventDestination ?? {}) as DestinationInput;
    const firehose = destination.KinesisFirehoseDestination;
    if (firehose) {
      const refused = await this.firehoseRefusal(firehose);
      if (refused) return refused;
    }
    table.set(name, {
      Name: name,
      Enabled: destination.Enabled ?? false,
      MatchingEventTypes: destination.MatchingEventTypes ?? [],
      ...(firehose ? { KinesisFirehoseDestination: firehose } : {}),
    });
    return restJson(200, {});
  }

  private table(configurationSet: string): Map<string, SesEventDestination> {
    const table = this.destinations.get(configurationSet) ?? new Map<string, SesEventDestination>();
    this.destinations.set(configurationSet, table);
    return table;
  }

  /** SES's answer when it cannot use the Firehose destination's role; undefined when it can. */
  private async firehoseRefusal(firehose: SesFirehoseDestination): Promise<Answer | undefined> {
    const stream = firehose.DeliveryStreamArn;
    if (!/^arn:[^:]+:firehose:/.test(stream ?? ''))
      return restError(400, 'BadRequestException', `Invalid Kinesis Firehose stream ARN ${stream}.`);
    const problem = await this.iam.roleProblem(firehose.IamRoleArn, {
      principal: 'ses.amazonaws.com',
      actions: ['firehose:PutRecordBatch'],
      resource: String(stream),
    });
    if (problem === 'access') {
      const message = `Could not access Kinesis Firehose Stream ${stream} using IAM role ${firehose.IamRoleArn}.`;
      return restError(400, 'BadRequestException', message);
    }
    if (problem) return restError(400, 'BadRequestException', `Could not assume IAM role <${firehose.IamRoleArn}>.`);
    return undefined;
  }
}
