// GPU nodes like the recorded lab-gpu-1 (012): 50 `nvidia.com/gpu.*` annotations of about 2 KB each (the
// reason list trimming exists), Ready=True, and node-role labels so the ROLES column has something to show.
import type { KObject } from './types';
import { recordedBody } from './fixtures';
import { at, seedObject, type SeedContext } from './seedBuilders';

export function gpuNode(ctx: SeedContext, index: number, controlPlane: boolean): KObject {
  const recorded = recordedBody('012-get-node.json');
  const name = `lab-gpu-${index}`;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(recorded.metadata.annotations as Record<string, string>)) {
    annotations[k] = k.startsWith('k3s.io/hostname') ? name : v;
  }
  const labels: Record<string, string> = { ...recorded.metadata.labels, 'kubernetes.io/hostname': name };
  delete labels['node-role.kubernetes.io/worker'];
  if (controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = 'true';
    labels['node-role.kubernetes.io/master'] = 'true';
  } else {
    labels['node-role.kubernetes.io/worker'] = 'true';
  }
  const heartbeat = at(ctx, 0);
  const status = structuredClone(recorded.status) as KObject;
  for (const c of status.conditions as KObject[]) {
    c.lastHeartbeatTime = heartbeat;
    c.lastTransitionTime = heartbeat;
  }
  status.addresses = [
    { type: 'InternalIP', address: `10.0.0.${10 + index}` },
    { type: 'Hostname', address: name },
  ];
  status.nodeInfo = { ...status.nodeInfo, machineID: `${index}`.padStart(32, '0'), systemUUID: `4c160ede-8fbc-d6b4-2b2e-69358166${String(index).padStart(4, '0')}` };
  return seedObject(
    ctx,
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels, annotations },
      spec: { podCIDR: `10.42.${index}.0/24`, podCIDRs: [`10.42.${index}.0/24`], providerID: `k3s://${name}` },
      status,
    },
    { manager: 'kubelet', at: 0 },
    { manager: 'kubelet', at: 1 },
  );
}
