// Server-side template rendering (precompiled templates are plain JS).
export { runInThisContext as renderTemplate } from 'node:vm';
