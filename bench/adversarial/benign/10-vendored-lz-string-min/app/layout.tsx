import Script from 'next/script';

export const metadata = { title: 'Offline Notes' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <Script src="/vendor/lz-string.min.js" strategy="beforeInteractive" />
      </body>
    </html>
  );
}
