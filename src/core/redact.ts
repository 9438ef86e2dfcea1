/**
 * Secrets masked before text from a file is printed: the value of any setting whose name says it
 * is a secret (`_authToken=`, `npmAuthToken:`, `API_KEY=`, `"password":`), tokens recognisable by
 * their shape (npm, GitHub, GitLab, Slack, AWS access key ids), and passwords in URLs. Every
 * expression here runs in linear time on any input: a key or scheme is only tried where a word
 * starts.
 */

export const REDACTED = '<redacted>';

/** Setting names whose values are secrets. */
const SECRET_NAME =
  /_auth$|_authToken$|_password$|npmAuth(?:Token|Ident)$|secret|token|password|passwd|private_?key|api_?key|access_?key|mnemonic|seed_?phrase|credential|^auth$/i;

/** `name = value`, `name: value`, `"name": "value"`, with the name starting a word. */
const SETTING = /(?<![\w.\-@])([\w.\-@]{1,200})(["']?[ \t]*[=:][ \t]*["']?)([^\s"',;]+)/g;

const TOKEN_SHAPES =
  /\b(?:npm_[A-Za-z0-9]{36}|gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}|glpat-[A-Za-z0-9_-]{20,255}|xox[abprs]-[A-Za-z0-9-]{10,255}|AKIA[0-9A-Z]{16})\b/g;

/** `scheme://user:password@`: the user-info part, the scheme starting a word. */
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/)(?!git@)[^/@\s]{1,1000}@/gi;

export function redactSecrets(text: string): string {
  return text
    .replace(SETTING, (whole, name: string, sep: string, value: string) =>
      SECRET_NAME.test(name) && !value.startsWith('${') && value !== REDACTED ? `${name}${sep}${REDACTED}` : whole,
    )
    .replace(TOKEN_SHAPES, REDACTED)
    .replace(URL_USERINFO, `$1${REDACTED}@`);
}
