import path from 'node:path'
import type { ComposePath } from './compose-path.js'
import type { Fail } from './convert-deploy.js'
import type { StackNames } from './convert-service.js'

type Data = Record<string, unknown>

/**
 * One service volume (long syntax, after normalising) → a mount: a named volume by its Berth
 * name with its plugin driver as `volumeDriver`, a bind mount with a relative source made
 * absolute from the compose file's folder (as Docker does), tmpfs as it is.
 */
export function mount(v: Data, names: StackNames, at: ComposePath, used: Set<string>, fail: Fail): Data[] {
  const type = String(v.type ?? 'volume')
  const target = String(v.target ?? '')
  const readOnly = v.read_only === true ? { readOnly: true } : {}
  if (!target.startsWith('/')) {
    fail(at, `the mount target must be an absolute path, not ${JSON.stringify(target)}`)
    return []
  }
  if (type === 'tmpfs') return [{ type, target, ...readOnly }]
  if (type === 'bind') {
    const source = String(v.source ?? '')
    if (!source) fail(at, 'a bind mount needs a source')
    return [
      {
        type,
        source: source.startsWith('.') ? path.resolve(names.workingDir, source) : source,
        target,
        ...readOnly,
      },
    ]
  }
  if (type !== 'volume') {
    fail([...at, 'type'], `berth mounts volume, bind and tmpfs, not ${JSON.stringify(type)}`)
    return []
  }
  if (v.source === undefined) return [{ type, target, ...readOnly }]
  const key = String(v.source)
  const volume = names.volumes.get(key)
  if (!volume) {
    fail(at, `service ${JSON.stringify(at[1])} refers to undefined volume ${JSON.stringify(key)}`)
    return []
  }
  used.add(`volume:${key}`)
  const driver = volume.driver && volume.driver !== 'local' ? { volumeDriver: volume.driver } : {}
  return [{ type, source: volume.name, target, ...readOnly, ...driver }]
}
