/**
 * The exact source text of a top-level member's value in a JSON object text. Offline request files (schema v2) are
 * signed over the client's own serialisation of `request`, which a re-serialisation cannot reproduce (Python's
 * `json.dumps` spacing and escapes), so the signature is checked over these characters instead.
 */

/**
 * The text of the value of top-level member `name` in `json`, which must already have passed `JSON.parse`. With
 * duplicate names the last one wins, as in `JSON.parse`, so the text is the one the parsed value came from.
 */
export function jsonMemberText(json: string, name: string): string | undefined {
  let found: string | undefined;
  let depth = 0;
  let memberName: string | undefined;
  let valueStart = -1;
  const finishMember = (end: number) => {
    if (memberName === name && valueStart >= 0) found = json.slice(valueStart, end).trim();
    memberName = undefined;
    valueStart = -1;
  };
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (char === '"') {
      const end = stringEnd(json, i);
      if (depth === 1 && valueStart < 0) memberName = JSON.parse(json.slice(i, end + 1)) as string;
      i = end;
    } else if (char === ":" && depth === 1) {
      valueStart = i + 1;
    } else if (char === "," && depth === 1) {
      finishMember(i);
    } else if (char === "{" || char === "[") {
      depth++;
    } else if (char === "}" || char === "]") {
      if (depth === 1) finishMember(i);
      depth--;
    }
  }
  return found;
}

/** Index of the closing quote of the string that opens at `start`. */
function stringEnd(json: string, start: number): number {
  let i = start + 1;
  while (i < json.length && json[i] !== '"') i += json[i] === "\\" ? 2 : 1;
  return i;
}
