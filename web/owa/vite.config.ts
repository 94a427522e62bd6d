import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client is served by the bourse server at /owa/ (index.html never cached, hashed assets under /owa/assets/ cached
// for a year). The page's CSP allows scripts only from the origin: no inline script, no eval.
export default defineConfig({
  base: '/owa/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No modulepreload polyfill: it is an inline-free module, but every supported browser has modulepreload.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        // React itself in its own long-lived chunk (it changes least); Fluent UI and the icons stay with the code that
        // uses them, so calendar/people/settings bring their own components only when their route is opened.
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev` against a local `bourse serve --https 127.0.0.1:8443`.
    proxy: {
      '/owa/service': { target: 'https://127.0.0.1:8443', secure: false, changeOrigin: false },
      '/owa/auth': { target: 'https://127.0.0.1:8443', secure: false },
      '/owa/logoff.owa': { target: 'https://127.0.0.1:8443', secure: false },
    },
  },
});
