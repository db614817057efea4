/**
 * The completion scripts. Each asks `berth __complete -- WORDS…` for the
 * candidates (one per line) and hands them to the shell, so all three shells
 * complete the same way and the logic lives in one tested place. They call
 * the same `berth` the user typed (an alias or a path works too).
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof SHELLS)[number]

const BASH = `# berth completion for bash. Load it in this shell:   source <(berth completion bash)
# or for every shell:   berth completion bash > ~/.local/share/bash-completion/completions/berth
_berth_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  local candidates
  candidates=$("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
  # "svc=" and "jsonpath=" want their value typed right after them.
  if [[ \${#COMPREPLY[@]} -eq 1 && "\${COMPREPLY[0]}" == *= ]]; then compopt -o nospace 2>/dev/null; fi
  return 0
}
complete -o default -F _berth_complete berth
`

const ZSH = `#compdef berth
# berth completion for zsh. Load it in this shell:   source <(berth completion zsh)
# or for every shell:   berth completion zsh > "\${fpath[1]}/_berth"
_berth() {
  local -a candidates
  candidates=("\${(@f)$("\${words[1]}" __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=("\${(@)candidates:#}")
  if (( \${#candidates} )); then
    compadd -S '' -- "\${(@M)candidates:#*=}"
    compadd -- "\${(@)candidates:#*=}"
  else
    _files
  fi
}
if [[ "\${funcstack[1]}" == _berth ]]; then _berth "$@"; else compdef _berth berth; fi
`

const FISH = `# berth completion for fish. Load it in this shell:   berth completion fish | source
# or for every shell:   berth completion fish > ~/.config/fish/completions/berth.fish
function __berth_complete
    set -l tokens (commandline -opc)
    $tokens[1] __complete -- $tokens[2..-1] (commandline -ct) 2>/dev/null
end
complete -c berth -f -a '(__berth_complete)'
`

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell]
}
