// A message body: the server's sanitized HTML inside a sandboxed iframe (srcdoc). The sandbox has no allow-scripts, so
// nothing in the body can run even if the sanitizer missed something; allow-same-origin (safe without allow-scripts) is
// there so this page can measure the body to size the frame to its content and so that inline (cid:) images, which
// the server points at the attachment URL, load with the session cookie. Links open in a new tab, outside the sandbox.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export interface SafeHtmlFrameProps {
  html: string;
  title: string;
  /** When false the frame's own policy also refuses remote images (the server has removed them already). */
  remoteImages: boolean;
}

const BASE_STYLE = `
html,body{margin:0;padding:0;background:#fff}
body{font-family:'Segoe UI','Segoe UI Web (West European)',-apple-system,BlinkMacSystemFont,Roboto,'Helvetica Neue',sans-serif;
font-size:14px;line-height:1.4;color:#242424;overflow-wrap:anywhere;padding:4px 0 16px}
img{max-width:100%;height:auto}
pre{white-space:pre-wrap}
blockquote{margin:0 0 0 8px;padding-left:8px;border-left:2px solid #c8c8c8;color:#424242}
a{color:#0f6cbd}
table{max-width:100%}
`;

function buildDocument(html: string, remoteImages: boolean): string {
  const imgSrc = remoteImages ? "'self' data: blob: https: http:" : "'self' data: blob:";
  const csp = `default-src 'none'; script-src 'none'; img-src ${imgSrc}; style-src 'unsafe-inline'; font-src data:; media-src 'none'; object-src 'none'; form-action 'none'`;
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer"><base target="_blank">' +
    `<style>${BASE_STYLE}</style></head><body>${html}</body></html>`
  );
}

export function SafeHtmlFrame({ html, title, remoteImages }: SafeHtmlFrameProps) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(120);
  const srcDoc = useMemo(() => buildDocument(html, remoteImages), [html, remoteImages]);

  const measure = useCallback(() => {
    const doc = ref.current?.contentDocument;
    if (!doc?.documentElement) return;
    const h = Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0);
    if (h > 0) setHeight((old) => (Math.abs(old - h) > 1 ? h : old));
  }, []);

  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    let observer: ResizeObserver | undefined;
    let timers: number[] = [];
    const onLoad = () => {
      const doc = frame.contentDocument;
      if (!doc) return;
      measure();
      // Images change the height as they arrive.
      doc.addEventListener('load', measure, true);
      doc.addEventListener('error', measure, true);
      try {
        observer = new ResizeObserver(() => measure());
        if (doc.body) observer.observe(doc.body);
      } catch {
        // Older engines: the load events and the timers below do.
      }
      timers = [100, 500, 1500].map((t) => window.setTimeout(measure, t));
    };
    frame.addEventListener('load', onLoad);
    window.addEventListener('resize', measure);
    return () => {
      frame.removeEventListener('load', onLoad);
      window.removeEventListener('resize', measure);
      observer?.disconnect();
      timers.forEach(clearTimeout);
    };
  }, [srcDoc, measure]);

  return (
    <iframe
      ref={ref}
      title={title}
      srcDoc={srcDoc}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      data-testid="message-body"
      style={{ width: '100%', height, border: 'none', display: 'block' }}
    />
  );
}
