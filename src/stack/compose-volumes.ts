/** A service's mount in Compose's long syntax. */
export interface ComposeMount {
  type: string
  source?: string
  target: string
  read_only?: boolean
}

/**
 * Reads a service volume in Compose's short syntax: `data:/var/lib/db`, `data:/db:ro`,
 * `./site:/usr/share/nginx/html` or `/srv:/srv` (bind mounts), `/scratch` (an anonymous
 * volume). Options other than `ro`/`rw` (`z`, `nocopy`, …) are accepted and ignored.
 */
export function parseShortVolume(spec: string): ComposeMount | string {
  const parts = spec.split(':')
  if (parts.length > 3 || parts.some((p) => p === '')) return `invalid volume ${JSON.stringify(spec)}`
  if (parts.length === 1) return { type: 'volume', target: parts[0] as string }
  const [source, target, options = ''] = parts as [string, string, string?]
  const bind = /^[./~]/.test(source)
  const readOnly = options.split(',').includes('ro')
  return { type: bind ? 'bind' : 'volume', source, target, ...(readOnly ? { read_only: true } : {}) }
}
