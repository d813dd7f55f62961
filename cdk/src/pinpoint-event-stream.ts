/** Custom::PinpointEventStream with ApplicationId: a Pinpoint application's events to Kinesis or Firehose. */
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as pinpoint from 'aws-cdk-lib/aws-pinpoint';
import type { Construct } from 'constructs';
import { applicationId, keyArn, streamArn } from './references.js';
import { flag, type MessagingRoleProps, MessagingRoleResource } from './resource.js';

export interface PinpointEventStreamProps extends MessagingRoleProps {
  /** ApplicationId: the Pinpoint application (project), e.g. a `pinpoint.CfnApp`, or its id. */
  readonly application: pinpoint.IAppRef | string;
  /** DestinationStreamArn: the Kinesis data stream or Firehose delivery stream the events go to, or its ARN. */
  readonly destination: kinesis.IStreamRef | firehose.IDeliveryStreamRef | string;
  /**
   * KmsKeyArn: the key that encrypts the destination, or its ARN.
   * @default the encryption key of a `kinesis.IStream` destination, if it has one
   */
  readonly kmsKey?: kms.IKeyRef | string;
  /**
   * ReplaceExistingStream: take over the application's event stream when this resource cannot prove
   * it is its own. Honoured only where the deployment allows takeover.
   * @default false
   */
  readonly replaceExistingStream?: boolean;
}

/**
 * The role Amazon Pinpoint assumes to write an application's events to a Kinesis data stream or a
 * Firehose delivery stream, and the application's event stream that uses it. Pinpoint's engagement
 * features reached end of support on 2026-10-30: new work uses SesEventDestination or
 * SmsVoiceEventDestination.
 */
export class PinpointEventStream extends MessagingRoleResource {
  /** ApplicationId. */
  readonly applicationId: string;

  constructor(scope: Construct, id: string, props: PinpointEventStreamProps) {
    const { destination } = props;
    const streamKey =
      typeof destination === 'object' && 'encryptionKey' in destination ? destination.encryptionKey : undefined;
    super(scope, id, 'pinpointEventStream', props, {
      ApplicationId: applicationId(props.application),
      DestinationStreamArn: streamArn(destination),
      KmsKeyArn: keyArn(props.kmsKey ?? (streamKey as kms.IKeyRef | undefined)),
      ReplaceExistingStream: flag(props.replaceExistingStream),
    });
    this.applicationId = this.resource.getAttString('ApplicationId');
  }
}
