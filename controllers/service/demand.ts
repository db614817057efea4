import { parseConstraint } from '../../src/model/constraint.js'
import type { ServiceSpec } from '../../src/model/spec.js'
import { isBuiltinDriver } from '../../src/plugins/capabilities.js'
import { normalizePluginName, referenceMatches } from '../../src/plugins/reference.js'
import type { Constraint, PluginNeed, TaskDemand } from '../../src/scheduler/types.js'
import { reservationsOf } from '../../src/view/reservations.js'
import type { View } from '../../src/view/view.js'
import { contentBlocker } from './content-refs.js'
import { hostPortKeys } from './ports.js'

/** Why a service cannot be scheduled at all right now: a dependency is missing or not ready. */
export interface Blocker {
  readonly reason:
    | 'NetworkNotFound'
    | 'NetworkNotReady'
    | 'VolumeNotFound'
    | 'VolumeNotReady'
    | 'VolumeDriverMismatch'
    | 'SecretNotFound'
    | 'SecretNotReady'
    | 'ConfigNotFound'
    | 'ConfigNotReady'
    | 'PortInUse'
  readonly message: string
  /** The spec field it is about (`['spec', 'networks', 0]`), for a message to point at. */
  readonly field?: readonly (string | number)[]
}

/**
 * A Network or Volume the spec names whose manifest is gone (deleted, or not in
 * this clone): unlike one that is there but not ready, its absence says nothing
 * about the nodes, so a task that already runs keeps what it was given.
 */
export interface Gone extends Blocker {
  readonly kind: 'Network' | 'Volume'
  readonly name: string
}

/** What the tasks of a spec need from a node; `missing`: the first manifest it names that is gone. */
export type Needs = { readonly demand: TaskDemand; readonly missing?: Gone } | { readonly blocker: Blocker }

/** Whether a spec names the gone manifest. */
export function namesManifest(spec: ServiceSpec, gone: Gone): boolean {
  if (gone.kind === 'Network') return (spec.networks ?? []).includes(gone.name)
  return (spec.mounts ?? []).some((m) => m.type === 'volume' && m.source === gone.name)
}

/**
 * What every task of a service needs from a node, resolved through the
 * Networks and Volumes it names: the driver plugins (networks', volume
 * mounts', the log driver's — built-ins need none), the local-scope volumes
 * that must exist there, constraints, platforms, reservations, spread and
 * host ports. A gone Network or Volume manifest, or a missing Secret or
 * Config, blocks it as a whole.
 */
export function resolveDemand(spec: ServiceSpec, view: View): { demand: TaskDemand } | { blocker: Blocker } {
  const needs = resolveNeeds(spec, view)
  if (!('demand' in needs)) return needs
  const missing = needs.missing ?? contentBlocker(spec, view)
  return missing ? { blocker: missing } : { demand: needs.demand }
}

/**
 * `resolveDemand` for a task that already runs: what it needs from its node.
 * It keeps the content it was given (as a container keeps its mounted secret)
 * and the network and volume it joined, so Secrets and Configs are not read
 * and a gone Network or Volume manifest is only reported (`missing`), its
 * driver left out: their absence stops only new tasks. One that is there but
 * not ready (its driver installed nowhere, say) still blocks.
 */
export function resolveNeeds(spec: ServiceSpec, view: View): Needs {
  let missing: Gone | undefined
  const plugins = new Map<string, PluginNeed>()
  const need = (type: PluginNeed['type'], driver: string) => {
    if (isBuiltinDriver(type, driver)) return
    const name = normalizePluginName(driver)
    plugins.set(`${type}:${name}`, { type, name })
  }
  for (const [i, name] of (spec.networks ?? []).entries()) {
    const network = view.get('Network', name)
    const field = ['spec', 'networks', i]
    if (!network) {
      missing ??= {
        kind: 'Network',
        name,
        reason: 'NetworkNotFound',
        message: `network ${name} not found`,
        field,
      }
      continue
    }
    const ready = network.status?.conditions?.find((c) => c.type === 'Ready')
    if (ready?.status !== 'True') {
      const why = ready ? `: ${ready.message}` : ''
      return { blocker: { reason: 'NetworkNotReady', message: `network ${name} is not ready${why}`, field } }
    }
    need('Network', network.spec.driver)
  }
  const volumes: string[] = []
  for (const [i, mount] of (spec.mounts ?? []).entries()) {
    if (mount.type !== 'volume') continue
    const field = ['spec', 'mounts', i, 'source']
    if (!mount.source) {
      need('Volume', mount.volumeDriver ?? 'local')
      continue
    }
    const volume = view.get('Volume', mount.source)
    if (!volume) {
      const { source } = mount
      missing ??= {
        kind: 'Volume',
        name: source,
        reason: 'VolumeNotFound',
        message: `volume ${source} not found`,
        field,
      }
      continue
    }
    const driver = volume.spec.driver
    if (mount.volumeDriver && !referenceMatches(mount.volumeDriver, normalizePluginName(driver))) {
      const message = `mount ${mount.target}: volume ${mount.source} uses driver ${driver}, not ${mount.volumeDriver}`
      return { blocker: { reason: 'VolumeDriverMismatch', message, field } }
    }
    if (!volume.status?.scope) {
      return {
        blocker: { reason: 'VolumeNotReady', message: `volume ${mount.source} is not ready yet`, field },
      }
    }
    need('Volume', driver)
    if (volume.status.scope === 'local') volumes.push(mount.source)
  }
  if (spec.logDriver) need('Log', spec.logDriver.name)
  const hostPorts = hostPortKeys(spec)
  const { placement } = spec
  const { cpus, memory } = reservationsOf(spec)
  return {
    demand: {
      plugins: [...plugins.values()],
      volumes: [...new Set(volumes)].sort(),
      constraints: (placement.constraints ?? []).flatMap((expr) => {
        const parsed = parseConstraint(expr)
        return 'error' in parsed ? [] : [parsed as Constraint]
      }),
      platforms: (placement.platforms ?? []).map((p) => ({
        ...(p.os ? { os: p.os } : {}),
        ...(p.architecture ? { arch: p.architecture } : {}),
      })),
      cpus,
      memory,
      maxReplicasPerNode: placement.maxReplicasPerNode,
      spread: (placement.preferences ?? []).map((p) => p.spread),
      ...(hostPorts.length > 0 ? { hostPorts } : {}),
    },
    ...(missing ? { missing } : {}),
  }
}
