/** Where the git side says what it did: the daemon's logger fits, and so does any other with these three levels. */
export interface GitLog {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}
