/** A realistic status with the strings other YAML readers misread when left unquoted. */
export const sampleStatus = {
  observedGeneration: 3,
  specDigest: 'sha256:9f86d081884c7d659a2feaa0c55ad015',
  replicas: { desired: 2, running: 1 },
  tasks: [
    { id: 'x44tvvdm3iwkt9kif35f7ykz1', name: 'web.1', slot: 1, node: 'node2', state: 'running' },
    {
      id: 'b7c1d2e3f4g5h6i7j8k9l0m1n',
      name: 'web.2',
      slot: 2,
      state: 'pending',
      message: 'no suitable node (missing plugin on 1 node)',
    },
  ],
  conditions: [
    {
      type: 'Ready',
      status: 'False',
      reason: 'NoSuitableNode',
      message: 'service web: node2: missing network plugin bboreham/weave2:latest',
      lastTransitionTime: '2026-11-28T10:00:00Z',
    },
  ],
  notes: { approved: 'yes', schema: '1.0', toggle: 'on', octal: '017', time: '1:20', nothing: 'null' },
  pending: [],
  labels: {},
  empty: '',
}
