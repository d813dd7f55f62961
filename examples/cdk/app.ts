// An AWS CDK app: an AWS End User Messaging SMS and voice configuration set and an SES
// configuration set, whose events go to Firehose delivery streams (and from there to S3), through
// the constructs of pinpoint-event-stream-resource-cdk. Each construct creates the role the service
// assumes, with exactly the permissions it needs, and creates the event destination once IAM has
// propagated that role.
//
//   npx cdk synth                      the stack's own provider (a function deployed with the stack)
//   npx cdk synth -c provider=shared   a shared deployment of template.yaml, found by its SSM parameter
import { App, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import type { Construct } from 'constructs';
import {
  type IProvider,
  Provider,
  SesEventDestination,
  SmsVoiceEventDestination,
} from 'pinpoint-event-stream-resource-cdk';

class MessagingEventsStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly shared: boolean }) {
    super(scope, id, props);
    const provider: IProvider = props.shared ? Provider.fromSsmParameter(this, 'Provider') : Provider.perStack(this);

    const bucket = new s3.Bucket(this, 'Events', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const deliveryTo = (id: string, prefix: string) =>
      new firehose.DeliveryStream(this, id, {
        destination: new firehose.S3Bucket(bucket, { dataOutputPrefix: prefix, errorOutputPrefix: `errors/${prefix}` }),
      });

    // SMS and voice: the configuration set senders name in SendTextMessage / SendVoiceMessage.
    const smsConfigurationSet = new smsvoice.CfnConfigurationSet(this, 'SmsConfigurationSet', {});
    const sms = new SmsVoiceEventDestination(this, 'SmsEvents', {
      provider,
      configurationSet: smsConfigurationSet,
      deliveryStream: deliveryTo('SmsDelivery', 'sms/'),
      matchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED', 'TEXT_CARRIER_UNREACHABLE', 'VOICE_COMPLETED'],
    });

    // SES: the configuration set senders name in SendEmail.
    const emailConfigurationSet = new ses.ConfigurationSet(this, 'EmailConfigurationSet');
    const email = new SesEventDestination(this, 'EmailEvents', {
      provider,
      configurationSet: emailConfigurationSet,
      deliveryStream: deliveryTo('EmailDelivery', 'email/'),
      matchingEventTypes: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT'],
    });

    new CfnOutput(this, 'SmsConfigurationSetName', { value: sms.configurationSetName });
    new CfnOutput(this, 'SmsEventsRole', { value: sms.roleArn });
    new CfnOutput(this, 'EmailConfigurationSetName', { value: email.configurationSetName });
    new CfnOutput(this, 'EmailEventsRole', { value: email.roleArn });
  }
}

const app = new App();
new MessagingEventsStack(app, 'MessagingEvents', {
  shared: app.node.tryGetContext('provider') === 'shared',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
