/** Custom::SesEventDestination: SES (v2) email sending events to a Firehose delivery stream. */

import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { configurationSetName, deliveryStreamArn, keyArn } from './references.js';
import { type EventDestinationProps, EventDestinationResource } from './resource.js';

export interface SesEventDestinationProps extends EventDestinationProps {
  /** ConfigurationSetName: the SES configuration set (an `ses.IConfigurationSetRef`: L1 or L2) or its name. */
  readonly configurationSet: ses.IConfigurationSetRef | string;
  /** DestinationStreamArn: the Firehose delivery stream the events go to, or its ARN. */
  readonly deliveryStream: firehose.IDeliveryStreamRef | string;
  /**
   * MatchingEventTypes: SEND, REJECT, BOUNCE, COMPLAINT, DELIVERY, OPEN, CLICK, RENDERING_FAILURE,
   * DELIVERY_DELAY, SUBSCRIPTION.
   * @default all ten
   */
  readonly matchingEventTypes?: readonly string[];
  /** KmsKeyArn: the key that encrypts the delivery stream, or its ARN (the role may use it for kms:GenerateDataKey). */
  readonly kmsKey?: kms.IKeyRef | string;
}

/**
 * The role SES assumes to write a configuration set's email events to a Firehose delivery stream,
 * and the configuration set's event destination that uses it, created once the role can be used
 * (the function waits for IAM propagation).
 */
export class SesEventDestination extends EventDestinationResource {
  constructor(scope: Construct, id: string, props: SesEventDestinationProps) {
    super(scope, id, 'sesEventDestination', props, configurationSetName(props.configurationSet), {
      DestinationStreamArn: deliveryStreamArn(props.deliveryStream),
      MatchingEventTypes: props.matchingEventTypes,
      KmsKeyArn: keyArn(props.kmsKey),
    });
  }
}
