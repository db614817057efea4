import { describe, expect, test } from 'vitest'
import { CliError } from '../../src/cli/app.js'
import { renderCustomColumns } from '../../src/cli/output/custom-columns.js'
import { renderJsonPathTemplate } from '../../src/cli/output/jsonpath-template.js'

const list = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'w' } },
      spec: { replicas: 3 },
      status: { tasks: [{ node: 'n1' }, { node: 'n2' }] },
    },
    { metadata: { name: 'db' }, spec: { replicas: 1 }, status: { tasks: [{ node: 'n2' }] } },
  ],
}

describe("kubectl's jsonpath templates", () => {
  test.each([
    ['{.items[*].metadata.name}', 'web db'],
    ['{.items[0].spec.replicas}', '3'],
    ['{.items[-1].metadata.name}', 'db'],
    ['{.items[0:1].metadata.name}', 'web'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.spec.replicas}{"\\n"}{end}', 'web\t3\ndb\t1\n'],
    ['{..node}', 'n1 n2 n2'],
    ['{.items[?(@.metadata.name=="db")].spec.replicas}', '1'],
    ["{.items[0].metadata.labels['app.kubernetes.io/name']}", 'w'],
    ['names: {.items[*].metadata.name}!', 'names: web db!'],
    ['{.items[0].status}', '{"tasks":[{"node":"n1"},{"node":"n2"}]}'],
    ['{.items[0].nothere}', ''], // a missing key prints nothing, as kubectl's default
    ['{$.kind}', 'List'],
    ['{range .items[*]}[{$.kind}:{.metadata.name}]{end}', '[List:web][List:db]'],
  ])('%s', (template, expected) => {
    expect(renderJsonPathTemplate(template, list)).toBe(expected)
  })

  test.each(['{.items', '{range .items[*]}{.metadata.name}', '{end}', '{.items[?bad]}', '{"open}'])(
    '%s is a usage error',
    (template) => {
      expect(() => renderJsonPathTemplate(template, list)).toThrow(CliError)
    },
  )

  test('custom columns: one column per HEADER:PATH, <none> when nothing matches', () => {
    expect(
      renderCustomColumns('NAME:.metadata.name,NODES:{.status.tasks[*].node},GPU:.spec.gpu', list.items),
    ).toBe('NAME   NODES   GPU\nweb    n1,n2   <none>\ndb     n2      <none>\n')
    expect(() => renderCustomColumns('NAME', list.items)).toThrow(/HEADER:PATH/)
  })
})
