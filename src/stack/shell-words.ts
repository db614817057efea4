/**
 * Splits a command string into words as a POSIX shell would, without expanding anything:
 * blanks separate words, single quotes are literal, double quotes take `\"`, `\\`, `\$`
 * and `` \` ``, a backslash outside quotes escapes the next character. This is how
 * `docker stack deploy` reads `command: npm start`. Undefined for an unclosed quote.
 */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = []
  let word = ''
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end === -1) return undefined
      word += text.slice(i + 1, end)
      inWord = true
      i = end
    } else if (c === '"') {
      let j = i + 1
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && '"\\$`'.includes(text[j + 1] ?? '')) j++
        word += text[j]
      }
      if (j >= text.length) return undefined
      inWord = true
      i = j
    } else if (c === '\\') {
      word += text[i + 1] ?? ''
      inWord = true
      i++
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}
