// What compose starts from (new mail, a response, a draft, a draft restored after signing in again). Kept apart from
// Compose itself, which is loaded only when the user first writes.
import type { Address, Attachment, Importance, Message } from '../api/types';

/** What compose starts from; also what is kept in sessionStorage when the session ends. */
export interface ComposeInit {
  draftId: string | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  bodyHtml: string;
  importance: Importance;
  attachments?: Attachment[];
  /** True when the body should get the signature (new mail and responses, not an existing draft). */
  addSignature?: boolean;
}

export function composeInitFromDraft(m: Message, addSignature = false): ComposeInit {
  return {
    draftId: m.id,
    to: m.to,
    cc: m.cc,
    bcc: m.bcc,
    subject: m.subject,
    bodyHtml: m.bodyHtml,
    importance: m.importance,
    attachments: m.attachments.filter((a) => !a.isInline),
    addSignature,
  };
}

export function emptyCompose(to: Address[] = []): ComposeInit {
  return { draftId: null, to, cc: [], bcc: [], subject: '', bodyHtml: '', importance: 'normal', addSignature: true };
}

/** A restored draft from sessionStorage, checked field by field (it is user-controlled storage). */
export function composeInitFromStorage(v: unknown): ComposeInit | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const addr = (x: unknown): Address[] =>
    Array.isArray(x)
      ? x
          .filter((a): a is Address => !!a && typeof a === 'object' && typeof (a as Address).address === 'string')
          .map((a) => ({ name: typeof a.name === 'string' ? a.name : a.address, address: a.address }))
      : [];
  return {
    draftId: typeof o.draftId === 'string' ? o.draftId : null,
    to: addr(o.to),
    cc: addr(o.cc),
    bcc: addr(o.bcc),
    subject: typeof o.subject === 'string' ? o.subject : '',
    bodyHtml: typeof o.bodyHtml === 'string' ? o.bodyHtml : '',
    importance: o.importance === 'high' || o.importance === 'low' ? o.importance : 'normal',
    addSignature: false,
  };
}
