const env = process.env;

export const config = {
  apiBase: env.NEXT_PUBLIC_API_URL ?? '',
  appName: env.NEXT_PUBLIC_APP_NAME ?? 'Todo',
};
