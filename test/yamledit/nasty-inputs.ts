/** Manifests that try every way of writing YAML a person might use; each has `spec` in document `doc`. */
export const nastyInputs: { name: string; doc: number; text: string }[] = [
  {
    name: 'comments everywhere, CRLF, BOM',
    doc: 0,
    text:
      '\uFEFF# head\r\napiVersion: berth.dev/v1 # c\r\nkind: Service\r\nmetadata:\r\n  name: web # n\r\n' +
      'spec:   # spec comment\r\n  # before replicas\r\n  replicas: 3    # three\r\n  image: "nginx"\r\n' +
      '  nodes:\r\n    - node1  # first\r\n    # between\r\n    - node2 # second\r\n  # after spec\r\n' +
      'status:\r\n  replicas: {desired: 3}   # berth\r\n',
  },
  {
    name: 'flow style',
    doc: 0,
    text: "{apiVersion: berth.dev/v1, kind: Service, metadata: {name: web}, spec: {image: 'nginx', replicas: 3, nodes: [node1, node2]}}\n",
  },
  {
    name: 'multi-document with anchors, the middle one edited',
    doc: 1,
    text:
      'a: &x 1\nb: *x\n---\n# doc 1\nkind: Plugin\nspec: # s\n  replicas: 2\n  base: &b {cpus: 1}\n  other: *b\n' +
      '  nodes: [node1, # one\n    node2]\n...\n--- # third\nx2: &x2 3\nz: *x2\n',
  },
  {
    name: 'no final newline, four-space indent, indentless list',
    doc: 0,
    text: 'kind: Node\nspec:\n    replicas: 1\n    nodes:\n    - node1\n    - node2\n    - node3',
  },
  {
    name: 'quoted keys and values, blank lines',
    doc: 0,
    text: "\"kind\": 'Service'\n\n'spec':\n\n  'replicas': '3'\n\n  \"nodes\": [\"node1\", 'node2']\n\n# trailer\n",
  },
]
