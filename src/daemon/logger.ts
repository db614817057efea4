/** The daemon's log: human lines by default, one JSON object per line with `--log-format json`. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export type LogFormat = 'text' | 'json'

export function createLogger(format: LogFormat, write: (line: string) => void, now: () => string): Logger {
  const emit =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (format === 'json') write(`${JSON.stringify({ time: now(), level, msg: message, ...fields })}\n`)
      else write(`${level === 'info' ? '' : `${level}: `}${message}\n`)
    }
  return { info: emit('info'), warn: emit('warn'), error: emit('error') }
}
