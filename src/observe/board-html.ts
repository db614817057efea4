import type { BoardModel, BoardNode, BoardTask } from './board-model.js'

/** Text for an HTML element or attribute. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

const e = escapeHtml

/**
 * The board as an HTML fragment: a column per node (role, availability,
 * plugins, task cards), then pending tasks with the reason per node,
 * plugins waiting for privileges, updates in progress and stale status.
 * The server renders it for the first load and for every change it pushes.
 */
export function renderBoard(model: BoardModel): string {
  const { counts } = model
  const parts = [
    `<p class="summary" id="summary">${counts.services} services · ${counts.running} tasks running · ${counts.pending} pending</p>`,
    `<div class="nodes">${model.nodes.map(nodeColumn).join('')}${model.elsewhere.length ? elsewhereColumn(model) : ''}</div>`,
  ]
  if (model.pending.length > 0)
    parts.push(
      section(
        'pending',
        `Pending tasks (${model.pending.length})`,
        model.pending
          .map(
            (t) =>
              `<li class="pending-task" data-task="${e(t.name)}"><b>${e(t.name)}</b> <span class="image">${e(t.image)}</span><br>${e(t.message)}${
                t.reasons.length
                  ? `<ul class="reasons">${t.reasons.map((r) => `<li>${r.nodes ? `<b>${e(r.nodes)}</b>: ` : ''}${e(r.reason)}</li>`).join('')}</ul>`
                  : ''
              }</li>`,
          )
          .join(''),
      ),
    )
  if (model.waitingPlugins.length > 0)
    parts.push(
      section(
        'privileges',
        'Plugins waiting for privileges',
        model.waitingPlugins.map((p) => `<li><b>${e(p.name)}</b>: ${e(p.message)}</li>`).join(''),
      ),
    )
  if (model.updates.length > 0)
    parts.push(
      section(
        'updates',
        'Updates in progress',
        model.updates
          .map(
            (u) => `<li><b>${e(u.service)}</b> <span class="state">${e(u.state)}</span> ${e(u.message)}</li>`,
          )
          .join(''),
      ),
    )
  if (model.stale.length > 0)
    parts.push(
      section(
        'stale',
        'Status older than its spec (not reconciled yet)',
        model.stale.map((k) => `<li>${e(k)}</li>`).join(''),
      ),
    )
  return parts.join('\n')
}

function nodeColumn(node: BoardNode): string {
  const plugins = node.plugins.length
    ? `<ul class="plugins">${node.plugins.map((p) => `<li>${e(p)}</li>`).join('')}</ul>`
    : '<p class="plugins none">no plugins</p>'
  return `<section class="node ${e(node.availability)}" data-node="${e(node.name)}">
<h2>${e(node.name)}</h2>
<p class="meta"><span class="role">${e(node.role)}</span> · <span class="availability">${e(node.availability)}</span> · <span class="state">${e(node.state)}</span> · <span class="count">${node.tasks.length} task${node.tasks.length === 1 ? '' : 's'}</span></p>
${plugins}
<div class="tasks">${node.tasks.map(taskCard).join('')}</div>
</section>`
}

function elsewhereColumn(model: BoardModel): string {
  return `<section class="node missing" data-node=""><h2>not a declared node</h2><div class="tasks">${model.elsewhere
    .map((t) => taskCard({ ...t, name: `${t.name} (${t.node})` }))
    .join('')}</div></section>`
}

function taskCard(task: BoardTask): string {
  return `<article class="task ${e(task.state)}" data-service="${e(task.service)}" data-state="${e(task.state)}"><b>${e(task.name)}</b><span class="image">${e(task.image)}</span><span class="state">${e(task.state)}</span></article>`
}

function section(id: string, title: string, items: string): string {
  return `<section class="list" id="${id}"><h3>${e(title)}</h3><ul>${items}</ul></section>`
}

/** The whole page: the board as it is now, and a few lines of script that swap in each pushed board. */
export function renderPage(board: string, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<noscript><meta http-equiv="refresh" content="5"></noscript>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem; background: #f4f5f7; color: #172b4d; }
h1 { font-size: 1.2rem; margin: 0 0 .25rem; }
#live { font-size: .8rem; color: #6b778c; }
#live.down { color: #bf2600; }
.nodes { display: flex; gap: 1rem; align-items: flex-start; overflow-x: auto; padding-bottom: .5rem; }
.node { background: #ebecf0; border-radius: 6px; padding: .5rem; min-width: 14rem; }
.node.drain, .node.pause { opacity: .7; border: 2px dashed #97a0af; }
.node h2 { font-size: 1rem; margin: 0; }
.meta { margin: .1rem 0; font-size: .8rem; color: #5e6c84; }
.plugins { font-size: .75rem; margin: .25rem 0; padding-left: 1rem; color: #403294; }
.task { display: flex; flex-direction: column; background: #fff; border-left: 4px solid #36b37e; border-radius: 4px; padding: .3rem .5rem; margin: .3rem 0; box-shadow: 0 1px 1px #091e4240; }
.task.pending { border-left-color: #ffab00; }
.task .image, .task .state, .pending-task .image { font-size: .75rem; color: #5e6c84; }
.list { margin-top: 1rem; background: #fff; border-radius: 6px; padding: .5rem 1rem; }
.list h3 { font-size: .95rem; margin: .25rem 0; }
#pending { border-left: 4px solid #ffab00; }
#privileges, #stale { border-left: 4px solid #de350b; }
#updates { border-left: 4px solid #0065ff; }
</style>
</head>
<body>
<h1>${e(title)}</h1>
<p id="live">static view</p>
<main id="board">
${board}
</main>
<script>
(() => {
  const live = document.getElementById('live')
  const board = document.getElementById('board')
  const events = new EventSource('events')
  events.addEventListener('board', (event) => {
    board.innerHTML = event.data
    live.textContent = 'live · updated ' + new Date().toLocaleTimeString()
    live.className = ''
  })
  events.onopen = () => { live.textContent = 'live'; live.className = '' }
  events.onerror = () => { live.textContent = 'disconnected · retrying'; live.className = 'down' }
})()
</script>
</body>
</html>
`
}
