export const apiClient = (path, init) => fetch('/api' + path, { credentials: 'include', ...init });
