/**
 * The folder of a project generator's template (cookiecutter's `{{cookiecutter.project_slug}}/`,
 * copier's `{{ project_name }}/`): a path segment that is a template placeholder. No tool finds a
 * file there under its ordinary name; the generator renders it into a new project first.
 */
export function templateFolder(path: string): string | undefined {
  const parts = path.split('/');
  const i = parts.findIndex(p => /\{\{[^{}]*\}\}|\{%[^%]*%\}/.test(p));
  return i < 0 || i === parts.length - 1 ? undefined : parts.slice(0, i + 1).join('/');
}
