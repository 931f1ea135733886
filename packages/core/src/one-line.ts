/** One line of a message (an error's issues joined): for log lines and terminals. */
export function oneLine(message: string): string {
  return message
    .split("\n")
    .map((l) => l.trim().replace(/^- /, ""))
    .filter(Boolean)
    .reduce((out, l) => (out === "" ? l : out.endsWith(":") ? `${out} ${l}` : `${out}; ${l}`), "");
}
