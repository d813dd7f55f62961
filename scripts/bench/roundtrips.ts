// 2. Round trips: the AWS calls a plain Create and a plain Delete of each kind make, counted at
// the gateway and cross-checked with the authorization records signed by the function.
import { type CloudFormationEvent, KINDS, kindEvent, newStackId, type Played } from '../../local/index.js';
import { type BenchContext, play } from './context.js';
import { GOALS } from './knobs.js';
import { out, table, verdict } from './report.js';

interface Counted extends Played {
  readonly calls: readonly string[];
  readonly authzCount: number;
}

export async function roundTripSection(w: BenchContext): Promise<void> {
  const { gateway } = w.session;
  const rows = [];
  const details: string[] = [];
  const counted = async (event: CloudFormationEvent): Promise<Counted> => {
    // Nothing else talks to the gateway during the invocation: after reset(), its call log
    // holds exactly the function's requests (the gateway's own look-ups go straight to moto).
    gateway.reset();
    const played = await play(w, event);
    const calls = gateway.calls();
    const authz = gateway.authz().filter((r) => r.action !== 'iam:PassRole');
    return { ...played, calls, authzCount: authz.length };
  };
  for (const kind of KINDS) {
    const world = await w.session.seed({ streams: w.streams });
    const stackId = newStackId('bench-calls');
    const create = await counted(kindEvent(kind, 'Create', stackId, world));
    const roleArn = create.response?.PhysicalResourceId;
    const del = await counted(
      kindEvent(kind, 'Delete', stackId, world, roleArn ? { PhysicalResourceId: roleArn } : {}),
    );
    const status = (p: Counted) => p.response?.Status ?? 'no response';
    const cv = verdict(
      `${kind.label}: Create <= ${GOALS.createCalls} calls`,
      `${create.calls.length} (${status(create)})`,
      create.response?.Status === 'SUCCESS' && create.calls.length <= GOALS.createCalls,
    );
    const dv = verdict(
      `${kind.label}: Delete <= ${GOALS.deleteCalls} calls`,
      `${del.calls.length} (${status(del)})`,
      del.response?.Status === 'SUCCESS' && del.calls.length <= GOALS.deleteCalls,
    );
    rows.push([kind.label, status(create), create.calls.length, cv, status(del), del.calls.length, dv]);
    details.push(`- ${kind.label}\n  - Create: ${create.calls.join(', ')}\n  - Delete: ${del.calls.join(', ')}`);
    for (const [label, p] of [
      ['Create', create],
      ['Delete', del],
    ] as const) {
      if (p.authzCount !== p.calls.length)
        details.push(
          `  - note: ${label}: ${p.calls.length} requests reached the gateway but ${p.authzCount} authorization ` +
            'records (less PassRole) were signed by the function',
        );
      if (p.response?.Status !== 'SUCCESS')
        details.push(`  - ${label} answered ${status(p)}: ${p.response?.Reason ?? p.invocation.stderr.slice(-300)}`);
    }
  }
  out('\n## 2. Round trips: AWS calls of a plain Create and a plain Delete (no propagation delay)');
  out('');
  out('Counted at the gateway: every request that reached it during the invocation (after gateway.reset()),');
  out('cross-checked with the authorization records signed by the function (iam:PassRole records, which');
  out('are not calls, excluded). The CloudFormation check (DescribeStackResource) is included; SDK retries');
  out('would count (none expected here).');
  out('');
  table(['kind', 'Create', 'calls', `<= ${GOALS.createCalls}`, 'Delete', 'calls', `<= ${GOALS.deleteCalls}`], rows);
  out('');
  for (const d of details) out(d);
}
