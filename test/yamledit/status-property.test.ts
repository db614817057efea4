import fc from 'fast-check'
import { expect, test } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { removeStatus, replaceStatus } from '../../src/yamledit/replace-status.js'
import { verifyStatusSplice } from '../../src/yamledit/verify-splice.js'
import { manifestFile, statusValue } from './arbitrary-manifest.js'

// FC_SEED and FC_RUNS explore beyond the fixed, fast default.
/**
 * Runs `replaceStatus`, or returns undefined for its one documented refusal: a block scalar
 * right above (or ending the file before) the status owns the line breaks around it.
 */
function replaceOrRefuse(text: string, doc: number, status: unknown): string | undefined {
  try {
    return replaceStatus(text, doc, status)
  } catch (error) {
    if (error instanceof Error && /without changing the block scalar/.test(error.message)) return undefined
    throw error
  }
}

const runs = { numRuns: Number(process.env.FC_RUNS ?? 200), seed: Number(process.env.FC_SEED ?? 20261128) }

test('generated manifests parse (the generator itself is sound)', () => {
  fc.assert(
    fc.property(manifestFile, ({ text, documents }) => {
      const docs = parseAllDocuments(text)
      expect(docs).toHaveLength(documents)
      for (const doc of docs) expect(doc.errors).toEqual([])
    }),
    runs,
  )
})

test('replace → the write check passes, the status reads back, a second write changes nothing', () => {
  fc.assert(
    fc.property(manifestFile, fc.nat(), statusValue, ({ text, documents }, n, status) => {
      const doc = n % documents
      const after = replaceOrRefuse(text, doc, status)
      if (after === undefined) return
      verifyStatusSplice(text, after, doc, status)
      expect(parseAllDocuments(after)[doc]?.toJS().status).toEqual(status)
      expect(removeStatus(after)).toBe(removeStatus(text))
      expect(replaceStatus(after, doc, status)).toBe(after)
    }),
    runs,
  )
})

test('remove → the write check passes and a second removal changes nothing', () => {
  fc.assert(
    fc.property(manifestFile, fc.nat(), ({ text, documents }, n) => {
      const doc = n % documents
      const after = replaceOrRefuse(text, doc, undefined)
      if (after === undefined) return
      verifyStatusSplice(text, after, doc, undefined)
      expect(replaceStatus(after, doc, undefined)).toBe(after)
    }),
    runs,
  )
})
