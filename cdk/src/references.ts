/**
 * CDK objects to the names and ARNs the contract's properties take. Every parameter accepts the
 * aws-cdk-lib reference interface (implemented by the L1 and the L2 alike) or the name or ARN itself.
 */

import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as pinpoint from 'aws-cdk-lib/aws-pinpoint';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as smsvoice from 'aws-cdk-lib/aws-smsvoice';

/** An SES or an SMS and voice configuration set: its name. */
export function configurationSetName(set: ses.IConfigurationSetRef | smsvoice.IConfigurationSetRef | string): string {
  return typeof set === 'string' ? set : set.configurationSetRef.configurationSetName;
}

export function deliveryStreamArn(stream: firehose.IDeliveryStreamRef | string | undefined): string | undefined {
  return typeof stream === 'object' ? stream.deliveryStreamRef.deliveryStreamArn : stream;
}

export function logGroupArn(group: logs.ILogGroupRef | string | undefined): string | undefined {
  return typeof group === 'object' ? group.logGroupRef.logGroupArn : group;
}

/** A Kinesis data stream or a Firehose delivery stream: its ARN. */
export function streamArn(stream: kinesis.IStreamRef | firehose.IDeliveryStreamRef | string): string {
  if (typeof stream === 'string') return stream;
  return 'streamRef' in stream ? stream.streamRef.streamArn : stream.deliveryStreamRef.deliveryStreamArn;
}

export function keyArn(key: kms.IKeyRef | string | undefined): string | undefined {
  return typeof key === 'object' ? key.keyRef.keyArn : key;
}

export function applicationId(app: pinpoint.IAppRef | string): string {
  return typeof app === 'string' ? app : app.appRef.appId;
}

export function emailIdentity(identity: ses.IEmailIdentityRef | string): string {
  return typeof identity === 'string' ? identity : identity.emailIdentityRef.emailIdentity;
}
