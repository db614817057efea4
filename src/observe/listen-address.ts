import { isIP } from 'node:net'

/** Where `--listen` binds: host, port, and whether only this machine can reach it. */
export interface ListenAddress {
  readonly host: string
  readonly port: number
  readonly loopback: boolean
}

/**
 * Parses `--listen`: `HOST:PORT`, `[IPv6]:PORT`, `:PORT` (every interface) or
 * a bare `PORT` (loopback, the safe default). Returns an error message for
 * anything else. Port 0 asks the system for a free one.
 */
export function parseListenAddress(value: string): ListenAddress | string {
  const bare = /^\d+$/.test(value)
  const m = bare ? ['', '127.0.0.1', value] : /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(value)
  if (!m) return `--listen: expected HOST:PORT (127.0.0.1:9100, [::1]:9100, :9100), got "${value}"`
  const host = bare ? '127.0.0.1' : (m[1] ?? m[2] ?? '')
  const port = Number(bare ? value : m[3])
  if (!Number.isInteger(port) || port > 65535) return `--listen: port out of range in "${value}"`
  if (host !== '' && host !== 'localhost' && isIP(host) === 0)
    return `--listen: "${host}" is not an IP address or localhost`
  return { host: host === '' ? '0.0.0.0' : host, port, loopback: isLoopback(host) }
}

/** 127.0.0.0/8, ::1 and localhost reach only this machine; everything else (0.0.0.0, ::) may be reached from outside. */
function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true
  if (host.startsWith('::ffff:')) return isLoopback(host.slice(7))
  return isIP(host) === 4 && host.split('.')[0] === '127'
}
