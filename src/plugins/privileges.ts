/**
 * Plugin privileges as Docker computes, checks and prints them: moby's `computePrivileges`
 * and `validatePrivileges` (plugin/backend_linux.go) and docker/cli's install prompt
 * (cli/command/plugin/install.go, `acceptPrivileges`).
 */
import type { PluginConfig, Privilege } from '../model/spec.js'

/**
 * The privileges a plugin's config requests, in moby's order: `network` (unless the type is
 * empty, `bridge` or `null`), `host ipc namespace`, `host pid namespace`, one `mount` per mount
 * with a source (an empty source counts, as in Go where only a missing one is skipped), one
 * `device` per device with a path, `allow-all-devices`, then `capabilities`. The boolean ones
 * carry the value `true`, as Docker sends them. Descriptions are left out: grants never need them.
 */
export function computePrivileges(config: PluginConfig): Privilege[] {
  const privileges: Privilege[] = []
  const network = config.network?.type
  if (network && network !== 'bridge' && network !== 'null')
    privileges.push({ name: 'network', value: [network] })
  if (config.ipchost) privileges.push({ name: 'host ipc namespace', value: ['true'] })
  if (config.pidhost) privileges.push({ name: 'host pid namespace', value: ['true'] })
  for (const mount of config.mounts ?? []) {
    if (mount.source !== undefined) privileges.push({ name: 'mount', value: [mount.source] })
  }
  for (const device of config.linux?.devices ?? []) {
    if (device.path !== undefined) privileges.push({ name: 'device', value: [device.path] })
  }
  if (config.linux?.allowAllDevices) privileges.push({ name: 'allow-all-devices', value: ['true'] })
  const capabilities = config.linux?.capabilities ?? []
  if (capabilities.length > 0) privileges.push({ name: 'capabilities', value: [...capabilities] })
  return privileges
}

/** Identity of a privilege for comparison: its name and its values in any order. */
function privilegeKey(p: Privilege): string {
  return JSON.stringify([p.name, [...p.value].sort()])
}

/** The privileges of `from` left over once each one in `take` has cancelled one equal to it. */
function subtract(from: readonly Privilege[], take: readonly Privilege[]): Privilege[] {
  const available = new Map<string, number>()
  for (const p of take) available.set(privilegeKey(p), (available.get(privilegeKey(p)) ?? 0) + 1)
  return from.filter((p) => {
    const key = privilegeKey(p)
    const left = available.get(key) ?? 0
    if (left > 0) available.set(key, left - 1)
    return left === 0
  })
}

/**
 * Whether a grant is exactly what was requested (moby's `validatePrivileges`): the same
 * privileges, each with the same values, order ignored both in the list and in the values;
 * descriptions ignored. Granting more than requested is as wrong as granting less
 * ("incorrect privileges"). Unlike moby, the first entry is compared too and repeated names
 * (several mounts) are matched as a multiset, so the answer never depends on sort order.
 */
export function privilegesEqual(requested: readonly Privilege[], granted: readonly Privilege[]): boolean {
  return (
    requested.length === granted.length &&
    subtract(requested, granted).length === 0 &&
    subtract(granted, requested).length === 0
  )
}

/** What is requested but not granted, value by value, in the request's order. */
export function missingPrivileges(
  requested: readonly Privilege[],
  granted: readonly Privilege[],
): Privilege[] {
  return subtract(requested, granted)
}

/** What is granted but was never requested; such a grant fails validation too. */
export function unrequestedPrivileges(
  requested: readonly Privilege[],
  granted: readonly Privilege[],
): Privilege[] {
  return subtract(granted, requested)
}

/**
 * One privilege in Docker's words, as the install prompt prints it (Go's `%s: %v`):
 * `network: [host]`, `capabilities: [CAP_SYS_ADMIN CAP_NET_ADMIN]`, `host pid namespace: [true]`.
 */
export function formatPrivilege(p: Privilege): string {
  return `${p.name}: [${p.value.join(' ')}]`
}

/**
 * The lines `docker plugin install REMOTE` prints before asking "Do you grant the above
 * permissions?", without a trailing newline. `remote` is quoted as Go's `%q` does for the
 * ASCII names a reference allows, and is shown as the user typed it (not normalised).
 */
export function formatPrivilegesPrompt(remote: string, privileges: readonly Privilege[]): string {
  const header = `Plugin ${JSON.stringify(remote)} is requesting the following privileges:`
  return [header, ...privileges.map((p) => ` - ${formatPrivilege(p)}`)].join('\n')
}
