/** Custom::SmsVoiceEventDestination: AWS End User Messaging SMS and voice events to Firehose or CloudWatch Logs. */
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import type { Construct } from 'constructs';
import { configurationSetName, deliveryStreamArn, logGroupArn } from './references.js';
import { type EventDestinationProps, EventDestinationResource } from './resource.js';

export interface SmsVoiceEventDestinationProps extends EventDestinationProps {
  /** ConfigurationSetName: the configuration set (an `AWS::SMSVOICE::ConfigurationSet`), or its name (not an ARN). */
  readonly configurationSet: smsvoice.IConfigurationSetRef | string;
  /** DestinationStreamArn: the Firehose delivery stream the events go to, or its ARN. Give this or `logGroup`. */
  readonly deliveryStream?: firehose.IDeliveryStreamRef | string;
  /** LogGroupArn: the CloudWatch Logs log group the events go to, or its ARN. Give this or `deliveryStream`. */
  readonly logGroup?: logs.ILogGroupRef | string;
  /**
   * MatchingEventTypes: upper-case event types such as TEXT_DELIVERED, TEXT_BLOCKED, VOICE_COMPLETED
   * (the service keeps adding types: a type it does not know fails when the resource is created).
   * @default ['ALL']
   */
  readonly matchingEventTypes?: readonly string[];
}

/**
 * The role AWS End User Messaging SMS and voice assumes to write a configuration set's events to a
 * Firehose delivery stream or a CloudWatch Logs log group, and the event destination that uses it,
 * created once the role can be used (the function waits for IAM propagation).
 */
export class SmsVoiceEventDestination extends EventDestinationResource {
  constructor(scope: Construct, id: string, props: SmsVoiceEventDestinationProps) {
    super(scope, id, 'smsVoiceEventDestination', props, configurationSetName(props.configurationSet), {
      DestinationStreamArn: deliveryStreamArn(props.deliveryStream),
      LogGroupArn: logGroupArn(props.logGroup),
      MatchingEventTypes: props.matchingEventTypes,
    });
  }
}
