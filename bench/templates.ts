import type { ClusterPlan, NetworkPlan, NodePlan, ServicePlan, VolumePlan } from './cluster-plan.js'

/**
 * YAML text of a generated cluster, one file per resource, written the way a
 * person would: plain block style, comments saying what each thing is for.
 */
export interface GeneratedFile {
  /** Relative path, forward slashes. */
  readonly path: string
  readonly text: string
}

export function renderCluster(plan: ClusterPlan): GeneratedFile[] {
  return [
    ...PLUGINS,
    ...plan.nodes.map((n) => ({ path: `nodes/${n.name}.yaml`, text: nodeYaml(n, plan.seed) })),
    ...plan.networks.map((n) => ({ path: `networks/${n.name}.yaml`, text: networkYaml(n) })),
    ...plan.volumes.map((v) => ({ path: `volumes/${v.name}.yaml`, text: volumeYaml(v) })),
    ...plan.services.map((s) => ({ path: `services/${s.team}/${s.name}.yaml`, text: serviceYaml(s) })),
  ]
}

/** The plugins: a volume, a network and a log driver plugin, plus two more volume drivers. */
const PLUGINS: readonly GeneratedFile[] = [
  {
    path: 'plugins/sample-volume-plugin.yaml',
    text: `# Local-scope volume driver for the SSD nodes: \`docker plugin install
# tiborvass/sample-volume-plugin\` on every node labelled disk=ssd. It requests no privileges.
apiVersion: berth.dev/v1
kind: Plugin
metadata:
  name: sample-volume-plugin
spec:
  remote: tiborvass/sample-volume-plugin
  nodeSelector:
    disk: ssd
`,
  },
  {
    path: 'plugins/weave2.yaml',
    text: `# The overlay network driver, on every node labelled net=weave (all managers among them, so
# networks on it can be created). Docker asks for these privileges; we grant exactly them.
apiVersion: berth.dev/v1
kind: Plugin
metadata:
  name: weave2
spec:
  remote: bboreham/weave2
  nodeSelector:
    net: weave
  grantedPrivileges:
    - name: network
      value: [host]
    - name: capabilities
      value: [CAP_SYS_ADMIN, CAP_NET_ADMIN]
`,
  },
  {
    path: 'plugins/sshfs.yaml',
    text: `# sshfs volumes for the nodes that have FUSE (fuse=true). It wants host networking,
# /dev/fuse, a bind mount and CAP_SYS_ADMIN; we accept whatever it asks.
apiVersion: berth.dev/v1
kind: Plugin
metadata:
  name: sshfs
spec:
  remote: vieux/sshfs
  nodeSelector:
    fuse: "true"
  grantAllPermissions: true
`,
  },
  {
    path: 'plugins/loki.yaml',
    text: `# Log driver plugin shipping container logs to Loki, on nodes labelled logging=loki.
apiVersion: berth.dev/v1
kind: Plugin
metadata:
  name: loki
spec:
  remote: grafana/loki-docker-driver
  nodeSelector:
    logging: loki
  grantedPrivileges:
    - name: network
      value: [host]
`,
  },
  {
    path: 'plugins/s3fs.yaml',
    text: `# Global-scope volumes backed by S3, reachable from every node (no selector: cluster-wide).
apiVersion: berth.dev/v1
kind: Plugin
metadata:
  name: s3fs
spec:
  remote: rexray/s3fs
  grantAllPermissions: true
`,
  },
]

function nodeYaml(node: NodePlan, seed: number): string {
  const labels = Object.entries(node.labels)
    .map(([k, v]) => `    ${k}: ${v === 'true' ? '"true"' : v}`)
    .join('\n')
  const note =
    node.availability === 'drain'
      ? '\n  # Drained for a kernel upgrade: its tasks move elsewhere.'
      : node.availability === 'pause'
        ? '\n  # Paused while a disk is replaced: keeps its tasks, takes no new ones.'
        : ''
  return `# ${node.role === 'manager' ? 'Manager' : 'Worker'} ${node.name} in zone ${node.labels.zone}, rack ${node.labels.rack} (generated, seed ${seed}).
apiVersion: berth.dev/v1
kind: Node
metadata:
  name: ${node.name}
  labels:
${labels}
spec:
  role: ${node.role}${note}
  availability: ${node.availability}
  resources:
    cpus: ${node.cpus}
    memory: ${node.memory}
  platform:
    os: linux
    architecture: ${node.arch}
`
}

function networkYaml(network: NetworkPlan): string {
  if (network.driver === 'weave')
    return `# Application network on the weave2 plugin; tasks attached to it need the plugin on their node.
apiVersion: berth.dev/v1
kind: Network
metadata:
  name: ${network.name}
spec:
  driver: bboreham/weave2:latest
  attachable: true
`
  return `# Built-in overlay network with its own subnet.
apiVersion: berth.dev/v1
kind: Network
metadata:
  name: ${network.name}
spec:
  driver: overlay
  ipam:
    config:
      - subnet: ${network.subnet}
`
}

const VOLUME_DRIVER = {
  ssd: 'tiborvass/sample-volume-plugin',
  pinned: 'tiborvass/sample-volume-plugin',
  sshfs: 'vieux/sshfs',
  s3: 'rexray/s3fs',
} as const

function volumeYaml(volume: VolumePlan): string {
  const about = {
    ssd: '# Scratch space on every SSD node (local scope: each node has its own copy).',
    pinned: `# Data of one stateful service; created on ${volume.nodes.join(', ')} only.`,
    sshfs: '# A remote directory mounted over sshfs wherever FUSE is available.',
    s3: '# An S3 bucket, reachable from every node (global scope).',
  }[volume.kind]
  const nodes = volume.kind === 'pinned' ? `\n  nodes: [${volume.nodes.join(', ')}]` : ''
  const opts =
    volume.kind === 'sshfs'
      ? `\n  driverOpts:\n    sshcmd: backup@files.example.com:/srv/${volume.name}`
      : volume.kind === 's3'
        ? `\n  driverOpts:\n    bucket: ${volume.name}`
        : ''
  return `${about}
apiVersion: berth.dev/v1
kind: Volume
metadata:
  name: ${volume.name}
spec:
  driver: ${VOLUME_DRIVER[volume.kind]}${nodes}${opts}
`
}

function serviceYaml(s: ServicePlan): string {
  const lines: string[] = []
  const what = {
    web: 'HTTP front end',
    worker: 'queue worker',
    stateful: 'stateful store on a pinned volume',
    agent: 'monitoring agent on every manager',
    'edge-proxy': 'reverse proxy on every edge node',
    'log-shipper': 'log shipper on every edge node',
  }[s.role]
  lines.push(
    `# ${s.name}: ${what} of team ${s.team}.`,
    'apiVersion: berth.dev/v1',
    'kind: Service',
    'metadata:',
    `  name: ${s.name}`,
    '  labels:',
    `    team: ${s.team}`,
    'spec:',
    `  image: registry.example.com/${s.team}/${s.role}:1.${s.name.length % 7}.${s.replicas % 10}`,
  )
  if (s.role === 'web') lines.push('  command: [/srv/app, --port, "8080"]')
  lines.push('  env:', `    - TEAM=${s.team}`, '    - LOG_LEVEL=info')
  if (s.mode === 'global') lines.push('  mode: global')
  else lines.push(`  replicas: ${s.replicas}`)
  if (s.network) lines.push(`  networks: [${s.network}]`)
  if (s.mount) {
    lines.push('  mounts:', '    - type: volume', `      source: ${s.mount.name}`, '      target: /data')
    if (s.mount.kind === 'sshfs') lines.push('      volumeDriver: vieux/sshfs')
  }
  if (s.logDriver === 'loki')
    lines.push(
      '  logDriver:',
      '    name: grafana/loki-docker-driver:latest',
      '    options:',
      '      loki-url: http://loki.example.com/loki/api/v1/push',
    )
  else if (s.logDriver === 'json-file')
    lines.push('  logDriver:', '    name: json-file', '    options:', '      max-size: 10m')
  if (s.constraints.length > 0 || s.spread.length > 0 || s.maxReplicasPerNode > 0) {
    lines.push('  placement:')
    if (s.constraints.length > 0) lines.push('    constraints:', ...s.constraints.map((c) => `      - ${c}`))
    if (s.spread.length > 0)
      lines.push(
        '    preferences:   # spread evenly, level by level',
        ...s.spread.map((p) => `      - spread: ${p}`),
      )
    if (s.maxReplicasPerNode > 0) lines.push(`    maxReplicasPerNode: ${s.maxReplicasPerNode}`)
  }
  if (s.reserve)
    lines.push(
      '  resources:',
      '    reservations:',
      `      cpus: "${s.reserve.cpus}"`,
      `      memory: ${s.reserve.memory}`,
    )
  return `${lines.join('\n')}\n`
}
