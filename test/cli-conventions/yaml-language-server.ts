import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

/** One diagnostic as the language server publishes it. */
export interface LspDiagnostic {
  readonly message: string
  readonly range: { readonly start: { readonly line: number; readonly character: number } }
}

/**
 * The real yaml-language-server over stdio (Content-Length framed JSON-RPC),
 * as an editor runs it: just enough of a client to open documents and
 * collect the diagnostics the server publishes for them.
 */
export async function startYamlLanguageServer() {
  const require = createRequire(import.meta.url)
  const bin = require.resolve('yaml-language-server/bin/yaml-language-server')
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, '--stdio'])
  let nextId = 1
  const waiting = new Map<number, (result: unknown) => void>()
  const published = new Map<string, ((d: LspDiagnostic[]) => void)[]>()
  const send = (message: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message })
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
  const request = (method: string, params: object) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++
      waiting.set(id, resolve)
      send({ id, method, params })
    })
  let buffer = Buffer.alloc(0)
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n')
      if (headerEnd < 0) return
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1])
      if (buffer.length < headerEnd + 4 + length) return
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString())
      buffer = buffer.subarray(headerEnd + 4 + length)
      if (message.id !== undefined && message.method) {
        // The server asks the editor: settings per requested section, nothing else needed.
        const result =
          message.method === 'workspace/configuration'
            ? message.params.items.map((item: { section?: string }) =>
                item.section === 'yaml' ? settings : null,
              )
            : null
        send({ id: message.id, result })
      } else if (message.id !== undefined) waiting.get(message.id)?.(message.result)
      else if (message.method === 'textDocument/publishDiagnostics') {
        const listeners = published.get(message.params.uri) ?? []
        published.delete(message.params.uri)
        for (const listener of listeners) listener(message.params.diagnostics)
      }
    }
  })
  const settings = { validate: true, hover: false, completion: false, schemaStore: { enable: false } }
  await request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
  })
  send({ method: 'initialized', params: {} })
  send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: settings } } })
  let version = 0
  return {
    /** Opens a document and resolves with the first diagnostics published for it. */
    diagnose(uri: string, text: string): Promise<LspDiagnostic[]> {
      const result = new Promise<LspDiagnostic[]>((resolve) => published.set(uri, [resolve]))
      send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'yaml', version: ++version, text } },
      })
      return result
    },
    stop() {
      child.kill()
    },
  }
}
