import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DaemonObserver } from '../daemon/observer.js'
import type { ReadStore } from '../store/store.js'
import { carriesToken } from './auth.js'
import { renderBoard, renderPage } from './board-html.js'
import { boardModel } from './board-model.js'
import type { ListenAddress } from './listen-address.js'
import type { Metrics } from './metrics.js'

export interface ObserveServerOptions {
  readonly address: ListenAddress
  /** When set, every request must carry it (see `carriesToken`). */
  readonly token?: string | undefined
  readonly metrics: Metrics
  /** The page's title: the directory the daemon watches. */
  readonly title: string
}

export interface ObserveServer {
  /** Feeds readiness and the live page. */
  readonly observer: Required<Pick<DaemonObserver, 'roundDone'>>
  /** `http://host:port`, with the port the system chose for port 0. */
  readonly url: string
  close(): Promise<void>
}

/** Comment lines keep idle event streams open through proxies. */
const KEEPALIVE_MS = 15_000
/** The page follows changes within this (well inside the 2 s people notice). */
const BOARD_MS = 200

/**
 * The daemon's HTTP side: `/metrics`, `/healthz` (the process answers),
 * `/readyz` (the first round is done and the last one did not fail), `/` (the
 * live page) and `/events` (the page's server-sent events: the board as HTML
 * each time it changes).
 */
export async function startObserveServer(options: ObserveServerOptions): Promise<ObserveServer> {
  const { metrics, token } = options
  let ready = false
  let board = renderBoard({
    nodes: [],
    elsewhere: [],
    pending: [],
    waitingPlugins: [],
    updates: [],
    stale: [],
    counts: { services: 0, running: 0, pending: 0 },
  })
  const streams = new Set<ServerResponse>()
  const send = (res: ServerResponse, html: string) =>
    res.write(
      `event: board\n${html
        .split('\n')
        .map((line) => `data: ${line}\n`)
        .join('')}\n`,
    )

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (token !== undefined && !carriesToken(req.headers.authorization, token)) {
      res.writeHead(401, {
        'content-type': 'text/plain; charset=utf-8',
        'www-authenticate': ['Bearer realm="berth"', 'Basic realm="berth", charset="UTF-8"'],
      })
      return res.end('401 unauthorized: send Authorization: Bearer TOKEN\n')
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
      return res.end('405 method not allowed\n')
    }
    const path = new URL(req.url ?? '/', 'http://berth').pathname
    switch (path) {
      case '/metrics': {
        const { contentType, body } = await metrics.scrape()
        res.writeHead(200, { 'content-type': contentType })
        return res.end(body)
      }
      case '/healthz':
        return text(res, 200, 'ok\n')
      case '/readyz':
        return ready
          ? text(res, 200, 'ready\n')
          : text(res, 503, 'not ready: the first round has not completed, or the last one failed\n')
      case '/':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        return res.end(renderPage(board, `berth · ${options.title}`))
      case '/events':
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        })
        res.write('retry: 1000\n\n')
        send(res, board)
        streams.add(res)
        req.on('close', () => streams.delete(res))
        return
      default:
        return text(res, 404, '404 not found: try /, /metrics, /healthz, /readyz\n')
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) text(res, 500, `500 ${(error as Error).message}\n`)
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.address.port, options.address.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const keepalive = setInterval(() => {
    for (const res of streams) res.write(': keepalive\n\n')
  }, KEEPALIVE_MS)
  keepalive.unref()
  let latest: ReadStore | undefined
  let redraw: NodeJS.Timeout | undefined
  const refresh = () => {
    redraw = undefined
    if (!latest) return
    const next = renderBoard(boardModel(latest))
    if (next === board) return
    board = next
    for (const res of streams) send(res, board)
  }
  const bound = server.address() as AddressInfo
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address

  return {
    url: `http://${host}:${bound.port}`,
    observer: {
      roundDone(event) {
        ready = event.ok
        // Rounds can come in bursts: the board is rebuilt at most every BOARD_MS, from the latest state.
        latest = event.store
        if (!redraw) redraw = setTimeout(refresh, BOARD_MS)
      },
    },
    close() {
      clearInterval(keepalive)
      if (redraw) clearTimeout(redraw)
      for (const res of streams) res.end()
      streams.clear()
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

function text(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(body)
}
