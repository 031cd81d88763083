// The lab's custom resource: widgets.lab.example.com (namespaced, status and scale subresources, printer
// columns Color/Size/Phase/Age as in 034, an OpenAPI schema with an enum and a minimum as 092 shows) and
// widget objects written by `kubectl apply` and reconciled by a widget-controller.
import type { KObject } from './types';
import { at, seedObject, type SeedContext } from './seedBuilders';

export function widgetCrd(ctx: SeedContext, createdAt: number): KObject {
  const names = { plural: 'widgets', singular: 'widget', shortNames: ['wd'], kind: 'Widget', listKind: 'WidgetList' };
  const established = at(ctx, createdAt);
  return seedObject(
    ctx,
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.lab.example.com' },
      spec: {
        group: 'lab.example.com',
        names,
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  apiVersion: { type: 'string' },
                  kind: { type: 'string' },
                  metadata: { type: 'object' },
                  spec: {
                    type: 'object',
                    properties: {
                      color: { type: 'string', enum: ['red', 'green', 'blue'] },
                      size: { type: 'integer', minimum: 0 },
                      replicas: { type: 'integer', minimum: 0 },
                      selector: { type: 'string' },
                    },
                  },
                  status: {
                    type: 'object',
                    properties: {
                      phase: { type: 'string' },
                      replicas: { type: 'integer' },
                      selector: { type: 'string' },
                      observedGeneration: { type: 'integer' },
                      conditions: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
                    },
                  },
                },
              },
            },
            subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
            additionalPrinterColumns: [
              { name: 'Color', type: 'string', jsonPath: '.spec.color' },
              { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
              { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
              { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
            ],
          },
        ],
        conversion: { strategy: 'None' },
      },
      status: {
        conditions: [
          { type: 'NamesAccepted', status: 'True', lastTransitionTime: established, reason: 'NoConflicts', message: 'no conflicts found' },
          { type: 'Established', status: 'True', lastTransitionTime: established, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
        ],
        acceptedNames: names,
        storedVersions: ['v1'],
      },
    },
    { manager: 'kubectl-client-side-apply', at: createdAt },
    { manager: 'k3s', at: createdAt },
  );
}

const COLORS = ['red', 'green', 'blue'] as const;

export function widget(ctx: SeedContext, ns: string, i: number, createdAt: number): KObject {
  const name = `widget-${String(i).padStart(3, '0')}`;
  const color = COLORS[i % 3] as string;
  const labels = { color, tier: i % 4 === 0 ? 'premium' : 'standard' };
  const spec = { color, replicas: (i % 3) + 1, selector: `widget=${name}`, size: 3 * i };
  const failed = i % 13 === 0 && i > 0;
  const lastApplied = JSON.stringify({ apiVersion: 'lab.example.com/v1', kind: 'Widget', metadata: { labels, name, namespace: ns }, spec });
  const condition = failed
    ? { lastTransitionTime: at(ctx, createdAt), message: `no ${color} paint left in bucket ${Math.floor(i / 3)}`, reason: 'PaintMissing', status: 'False', type: 'Ready' }
    : { lastTransitionTime: at(ctx, createdAt), message: '', reason: 'Reconciled', status: 'True', type: 'Ready' };
  return seedObject(
    ctx,
    {
      apiVersion: 'lab.example.com/v1',
      kind: 'Widget',
      metadata: { name, namespace: ns, labels, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${lastApplied}\n` } },
      spec,
      status: { conditions: [condition], observedGeneration: 1, phase: failed ? 'Failed' : 'Ready', replicas: failed ? 0 : spec.replicas, selector: spec.selector },
    },
    { manager: 'kubectl-client-side-apply', at: createdAt },
    { manager: 'widget-controller', at: createdAt },
  );
}
