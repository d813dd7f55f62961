/**
 * AWS End User Messaging SMS and voice v2 (awsJson1_0, `PinpointSMSVoiceV2.*`), which moto
 * lacks: configuration sets and their event destinations, kept in memory, with the real API's
 * shapes and every error the function may meet (name, Reason, Fields, message), the quota of 5
 * destinations per configuration set, the type-change conflict, and the role check (iam.ts)
 * with the trust conditions the service sends.
 */
import { EventType } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ACCOUNT, PARTITION } from './account.js';
import type { Call } from './call.js';
import type { IamEmulation, RoleProblem } from './iam.js';
import { type Answer, Json10Error, json10, json10Error } from './wire.js';

/** The service's documented quota (not adjustable): 5 event destinations per configuration set. */
export const SMS_DESTINATIONS_PER_CONFIGURATION_SET = 5;
/** The SDK's own enum, so the stand-in accepts exactly the types the service's model lists. */
const EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(EventType));
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

const DESTINATION_KINDS = ['CloudWatchLogsDestination', 'KinesisFirehoseDestination', 'SnsDestination'] as const;
type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** An event destination as the service returns it (the SDK's EventDestination). */
export interface SmsEventDestination {
  readonly EventDestinationName: string;
  readonly Enabled: boolean;
  readonly MatchingEventTypes: readonly string[];
  readonly CloudWatchLogsDestination?: { readonly IamRoleArn?: string; readonly LogGroupArn?: string };
  readonly KinesisFirehoseDestination?: { readonly IamRoleArn?: string; readonly DeliveryStreamArn?: string };
  readonly SnsDestination?: { readonly TopicArn?: string };
}

interface ConfigurationSet {
  readonly ConfigurationSetArn: string;
  readonly ConfigurationSetName: string;
  /** epoch ms */
  readonly CreatedTimestamp: number;
  readonly Tags: readonly unknown[];
  readonly EventDestinations: Map<string, SmsEventDestination>;
}

/** A request body: the members the operations read (anything may be missing or mistyped). */
type Input = Partial<Omit<SmsEventDestination, 'Enabled'>> & {
  readonly ConfigurationSetName?: string;
  readonly ConfigurationSetNames?: readonly string[];
  readonly Enabled?: boolean | null;
  readonly Tags?: readonly unknown[];
};

/** Does the destination's target exist where the request is: a delivery stream, a log group. */
export interface TargetLookup {
  deliveryStreamExists(region: string, name: string): Promise<boolean>;
  logGroupExists(region: string, name: string): Promise<boolean>;
}

/** The service takes a configuration set's name or ARN wherever it takes one of them. */
export const smsConfigurationSetArn = (region: string, nameOrArn: string): string =>
  nameOrArn.startsWith('arn:')
    ? nameOrArn
    : `arn:${PARTITION}:sms-voice:${region}:${ACCOUNT}:configuration-set/${nameOrArn}`;

const fieldError = (name: string, message: string) =>
  new Json10Error('ValidationException', message, {
    Reason: 'FIELD_VALIDATION_FAILED',
    Fields: [{ Name: name, Message: message }],
  });
const notFound = (resourceType: string, id: string | undefined) =>
  new Json10Error('ResourceNotFoundException', `The ${resourceType} ${id} does not exist.`, {
    ResourceType: resourceType,
    ResourceId: id,
  });
const kindsIn = (input: Input): DestinationKind[] =>
  DESTINATION_KINDS.filter((k) => input[k] !== undefined && input[k] !== null);

function validateEventTypes(types: unknown, required: boolean): void {
  if (types === undefined || types === null) {
    if (required) throw fieldError('MatchingEventTypes', 'Member must not be null');
    return;
  }
  const bad = Array.isArray(types) ? types.filter((t) => !EVENT_TYPES.has(String(t))) : [types];
  if (!Array.isArray(types) || types.length === 0 || bad.length) {
    throw fieldError(
      'MatchingEventTypes',
      `Value '[${[types].flat().join(', ')}]' at 'matchingEventTypes' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${[...EVENT_TYPES].join(', ')}]`,
    );
  }
}

function validateNames(input: Input): void {
  if (!input.ConfigurationSetName) throw fieldError('ConfigurationSetName', 'Member must not be null');
  if (!input.EventDestinationName) throw fieldError('EventDestinationName', 'Member must not be null');
  if (!NAME.test(input.EventDestinationName)) {
    throw fieldError(
      'EventDestinationName',
      `Value '${input.EventDestinationName}' at 'eventDestinationName' failed to satisfy constraint: ` +
        'Member must have length between 1 and 64 and match pattern [A-Za-z0-9_-]+',
    );
  }
}

const setView = (set: ConfigurationSet) => ({
  ConfigurationSetArn: set.ConfigurationSetArn,
  ConfigurationSetName: set.ConfigurationSetName,
  EventDestinations: [...set.EventDestinations.values()],
  CreatedTimestamp: set.CreatedTimestamp / 1000, // awsJson timestamps: epoch seconds
});
const destinationView = (set: ConfigurationSet, destination: SmsEventDestination) => ({
  ConfigurationSetArn: set.ConfigurationSetArn,
  ConfigurationSetName: set.ConfigurationSetName,
  EventDestination: destination,
});

export class SmsVoiceStandIn {
  /** configuration set ARN -> configuration set */
  private readonly sets = new Map<string, ConfigurationSet>();
  private readonly operations: Readonly<Record<string, (region: string, input: Input) => Promise<unknown> | unknown>> =
    {
      CreateConfigurationSet: (region, input) => this.createConfigurationSet(region, input),
      DeleteConfigurationSet: (region, input) => {
        const set = this.find(region, input.ConfigurationSetName);
        this.sets.delete(set.ConfigurationSetArn);
        return setView(set);
      },
      DescribeConfigurationSets: (region, input) => {
        const sets = input.ConfigurationSetNames?.length
          ? input.ConfigurationSetNames.map((n) => this.find(region, n))
          : [...this.sets.values()].filter((s) => s.ConfigurationSetArn.split(':')[3] === region);
        return { ConfigurationSets: sets.map(setView) };
      },
      CreateEventDestination: (region, input) => this.createEventDestination(region, input),
      UpdateEventDestination: (region, input) => this.updateEventDestination(region, input),
      DeleteEventDestination: (region, input) => {
        validateNames(input);
        const set = this.find(region, input.ConfigurationSetName);
        const current = set.EventDestinations.get(input.EventDestinationName ?? '');
        if (!current) throw notFound('event-destination', input.EventDestinationName);
        set.EventDestinations.delete(current.EventDestinationName);
        return destinationView(set, current);
      },
    };

  constructor(
    private readonly iam: IamEmulation,
    private readonly targets: TargetLookup,
  ) {}

  async handle(call: Call, body: string): Promise<Answer> {
    try {
      const operation = this.operations[call.operation ?? ''];
      if (!operation)
        throw new Json10Error('ValidationException', `The local stand-in does not implement ${call.operation}.`, {
          Reason: 'UNKNOWN_OPERATION',
        });
      let input: Input;
      try {
        input = JSON.parse(body || '{}') as Input;
      } catch {
        throw new Json10Error('ValidationException', 'The request body is not valid JSON.', { Reason: 'CANNOT_PARSE' });
      }
      return json10(await operation(call.region, input));
    } catch (error) {
      if (error instanceof Json10Error) return json10Error(error);
      throw error;
    }
  }

  private find(region: string, nameOrArn: string | undefined): ConfigurationSet {
    const set = this.sets.get(smsConfigurationSetArn(region, String(nameOrArn)));
    if (!set) throw notFound('configuration-set', nameOrArn);
    return set;
  }

  private createConfigurationSet(region: string, input: Input) {
    const name = input.ConfigurationSetName ?? '';
    if (!NAME.test(name))
      throw fieldError(
        'ConfigurationSetName',
        `Value '${input.ConfigurationSetName}' at 'configurationSetName' failed to satisfy constraint: ` +
          'Member must match pattern [A-Za-z0-9_-]+',
      );
    if (this.sets.has(smsConfigurationSetArn(region, name))) {
      throw new Json10Error('ConflictException', `The configuration-set ${name} already exists.`, {
        Reason: 'RESOURCE_ALREADY_EXISTS',
        ResourceType: 'configuration-set',
        ResourceId: name,
      });
    }
    const set: ConfigurationSet = {
      ConfigurationSetArn: smsConfigurationSetArn(region, name),
      ConfigurationSetName: name,
      CreatedTimestamp: Date.now(),
      Tags: input.Tags ?? [],
      EventDestinations: new Map(),
    };
    this.sets.set(set.ConfigurationSetArn, set);
    return {
      ConfigurationSetArn: set.ConfigurationSetArn,
      ConfigurationSetName: name,
      Tags: set.Tags,
      CreatedTimestamp: set.CreatedTimestamp / 1000,
    };
  }

  private async createEventDestination(region: string, input: Input) {
    validateNames(input);
    validateEventTypes(input.MatchingEventTypes, true);
    const kinds = kindsIn(input);
    const [kind] = kinds;
    if (kinds.length !== 1 || !kind) {
      throw new Json10Error(
        'ValidationException',
        'Exactly one of CloudWatchLogsDestination, KinesisFirehoseDestination or SnsDestination must be specified.',
        { Reason: kinds.length ? 'PARAMETERS_CANNOT_BE_USED_TOGETHER' : 'MISSING_PARAMETER' },
      );
    }
    const set = this.find(region, input.ConfigurationSetName);
    const name = input.EventDestinationName ?? '';
    if (set.EventDestinations.has(name)) {
      throw new Json10Error(
        'ConflictException',
        `The event-destination ${name} already exists in configuration-set ${set.ConfigurationSetName}.`,
        { Reason: 'RESOURCE_ALREADY_EXISTS', ResourceType: 'event-destination', ResourceId: name },
      );
    }
    if (set.EventDestinations.size >= SMS_DESTINATIONS_PER_CONFIGURATION_SET) {
      throw new Json10Error(
        'ServiceQuotaExceededException',
        `The configuration-set ${set.ConfigurationSetName} already has ${set.EventDestinations.size} event ` +
          `destinations: the limit of ${SMS_DESTINATIONS_PER_CONFIGURATION_SET} event destinations per ` +
          'configuration set has been reached.',
        { Reason: 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET' },
      );
    }
    await this.checkDestination(region, input, kind, set.ConfigurationSetArn);
    // No Enabled in the request: the service creates destinations enabled.
    const destination: SmsEventDestination = {
      EventDestinationName: name,
      Enabled: true,
      MatchingEventTypes: input.MatchingEventTypes ?? [],
      [kind]: input[kind],
    };
    set.EventDestinations.set(name, destination);
    return destinationView(set, destination);
  }

  private async updateEventDestination(region: string, input: Input) {
    validateNames(input);
    validateEventTypes(input.MatchingEventTypes, false);
    const kinds = kindsIn(input);
    if (kinds.length > 1) {
      throw new Json10Error(
        'ValidationException',
        'Only one of CloudWatchLogsDestination, KinesisFirehoseDestination or SnsDestination may be specified.',
        { Reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER' },
      );
    }
    const set = this.find(region, input.ConfigurationSetName);
    const current = set.EventDestinations.get(input.EventDestinationName ?? '');
    if (!current) throw notFound('event-destination', input.EventDestinationName);
    const [kind] = kinds;
    if (kind && current[kind] === undefined) {
      const was = DESTINATION_KINDS.find((k) => current[k] !== undefined);
      throw new Json10Error(
        'ConflictException',
        `The event destination ${current.EventDestinationName} is a ${was}; its type cannot be changed to ${kind}.`,
        {
          Reason: 'EVENT_DESTINATION_MISMATCH',
          ResourceType: 'event-destination',
          ResourceId: current.EventDestinationName,
        },
      );
    }
    const withRole = kind === 'CloudWatchLogsDestination' || kind === 'KinesisFirehoseDestination';
    if (kind && withRole && input[kind]?.IamRoleArn)
      await this.checkDestination(region, input, kind, set.ConfigurationSetArn);
    const updated: SmsEventDestination = {
      ...current,
      ...(input.Enabled !== undefined && input.Enabled !== null ? { Enabled: input.Enabled } : {}),
      ...(input.MatchingEventTypes ? { MatchingEventTypes: input.MatchingEventTypes } : {}),
      ...(kind ? { [kind]: input[kind] } : {}),
    };
    set.EventDestinations.set(updated.EventDestinationName, updated);
    return destinationView(set, updated);
  }

  /** Throws the service's ValidationException when the destination is missing or its role is refused. */
  private async checkDestination(region: string, input: Input, kind: DestinationKind, configurationSetArn: string) {
    if (kind === 'SnsDestination') return; // SNS authorises through the topic policy, no role
    const trustContext = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': configurationSetArn };
    let what: string;
    let roleArn: string | undefined;
    let problem: RoleProblem | undefined;
    if (kind === 'KinesisFirehoseDestination') {
      const target = String(input.KinesisFirehoseDestination?.DeliveryStreamArn);
      roleArn = input.KinesisFirehoseDestination?.IamRoleArn;
      what = `Kinesis Firehose Stream ${target}`;
      problem = await this.iam.roleProblem(roleArn, {
        principal: 'sms-voice.amazonaws.com',
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resource: target,
        trustContext,
      });
      const m = /^arn:[^:]+:firehose:([^:]+):([^:]+):deliverystream\/(.+)$/.exec(target);
      if (!problem && (!m || m[1] !== region || m[2] !== ACCOUNT)) problem = 'access';
      if (!problem && !(await this.targets.deliveryStreamExists(region, m?.[3] ?? ''))) problem = 'access';
    } else {
      const target = String(input.CloudWatchLogsDestination?.LogGroupArn);
      roleArn = input.CloudWatchLogsDestination?.IamRoleArn;
      what = `CloudWatch Logs log group ${target}`;
      const base = target.replace(/:\*$/, '');
      problem = await this.iam.roleProblem(roleArn, {
        principal: 'sms-voice.amazonaws.com',
        actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resource: `${base}:*`,
        trustContext,
      });
      const m = /^arn:[^:]+:logs:([^:]+):([^:]+):log-group:(.+)$/.exec(base);
      if (!problem && (!m || m[1] !== region || m[2] !== ACCOUNT)) problem = 'access';
      if (!problem && !(await this.targets.logGroupExists(region, m?.[3] ?? ''))) problem = 'access';
    }
    if (!problem) return;
    const message =
      problem === 'access'
        ? `Could not access ${what} using IAM role ${roleArn}.`
        : `Could not assume IAM role ${roleArn}.`;
    throw new Json10Error('ValidationException', message, { Reason: 'RESOURCE_NOT_ACCESSIBLE' });
  }
}
