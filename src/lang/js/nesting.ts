/**
 * The cheap check before a parse: oxc-parser recurses on nesting, so text that nests deeply enough
 * to overflow a thread's default native stack is parsed only in a thread with a big one.
 */

const MAX_MAIN_NESTING = 400;
const MAX_MAIN_OPERATOR_RUN = 20_000;

// The last answer: the code facts ask about a file's text just before parsing it, and the parse
// asks again about the same string.
let lastText: string | undefined;
let lastAnswer = false;

/** True when the text nests deeply enough to risk overflowing the native stack while parsing. */
export function deeplyNested(text: string): boolean {
  if (text === lastText) return lastAnswer;
  lastAnswer = measure(text);
  lastText = text;
  return lastAnswer;
}

function measure(text: string): boolean {
  let depth = 0;
  let max = 0;
  let run = 0;
  let maxRun = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
      if (c === 123) run = 0;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
      if (c === 125) run = 0;
    } else if (c === 59) run = 0;
    else if (c === 43 || c === 45 || c === 42 || c === 124 || c === 38 || c === 63 || c === 46 || c === 44) {
      run++;
      if (run > maxRun) maxRun = run;
    }
  }
  return max > MAX_MAIN_NESTING || maxRun > MAX_MAIN_OPERATOR_RUN;
}
