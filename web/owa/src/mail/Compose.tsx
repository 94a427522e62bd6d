// Compose (new mail, reply, reply all, forward, an existing draft): recipient wells with suggestions, subject, the rich
// text body, attachments uploaded with progress, the draft saved a few seconds after the user stops typing (as Outlook
// does, everything goes through a draft in Drafts), Send and Discard. If the session ends meanwhile the unsent draft is
// kept in sessionStorage and comes back after signing in again.
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import {
  Button,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Text,
  tokens,
  ToggleButton,
  Tooltip,
} from '@fluentui/react-components';
import {
  ArrowLeftRegular,
  AttachRegular,
  DeleteRegular,
  DismissRegular,
  DocumentRegular,
  ImportantRegular,
  SendRegular,
} from '@fluentui/react-icons';
import { errorMessage, isApiError, registerPendingDraft } from '../api/client';
import type { Attachment, Draft, Importance, Session } from '../api/types';
import type { ComposeInit } from './composeInit';
import { formatSize, formatTime, isEmail } from '../components/format';
import { useNotify } from '../components/Notifications';
import { RecipientWell } from '../components/RecipientWell';
import { RichTextEditor, type RichTextEditorHandle } from '../components/RichTextEditor';
import { mailApi } from './api';

export const AUTOSAVE_DELAY_MS = 3000;

const useStyles = makeStyles({
  pane: {
    display: 'flex',
    flexDirection: 'column',
    height: '100%',
    minHeight: 0,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  commands: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    padding: '8px 12px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    flexWrap: 'wrap',
  },
  status: { color: tokens.colorNeutralForeground3, marginLeft: 'auto', fontSize: tokens.fontSizeBase200 },
  body: { display: 'flex', flexDirection: 'column', padding: '4px 16px 16px', flexGrow: 1, minHeight: 0, overflowY: 'auto' },
  wellRow: { display: 'flex', alignItems: 'flex-start', gap: '4px' },
  wellGrow: { flexGrow: 1, minWidth: 0 },
  ccLinks: { display: 'flex', paddingTop: '2px' },
  subject: {
    marginTop: '4px',
    width: '100%',
    fontSize: tokens.fontSizeBase400,
  },
  attachments: { display: 'flex', flexWrap: 'wrap', gap: '8px', listStyleType: 'none', margin: '8px 0 0', padding: 0 },
  attachment: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '4px 4px 4px 8px',
    width: '240px',
  },
  attText: { display: 'flex', flexDirection: 'column', minWidth: 0, flexGrow: 1, gap: '2px' },
  attName: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: tokens.fontSizeBase200 },
  attMeta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  attError: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase100 },
  dropping: { outline: `2px dashed ${tokens.colorBrandStroke1}`, outlineOffset: '-6px' },
});

interface AttachmentEntry {
  key: string;
  name: string;
  size: number;
  /** 0..1 while uploading; 1 when done. */
  progress: number;
  attachment?: Attachment;
  error?: string;
  abort?: () => void;
}

export interface ComposeProps {
  init: ComposeInit;
  session: Session;
  /** 'sent' | 'discarded' | 'closed' (closed keeps the draft in Drafts). */
  onClose: (result: 'sent' | 'discarded' | 'closed') => void;
  /** A draft was created or saved (to refresh the Drafts folder). */
  onSaved?: () => void;
  onBack?: () => void;
}

let attachmentKeys = 0;

export function Compose({ init, session, onClose, onSaved, onBack }: ComposeProps) {
  const styles = useStyles();
  const notify = useNotify();
  const editor = useRef<RichTextEditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const [to, setTo] = useState(init.to);
  const [cc, setCc] = useState(init.cc);
  const [bcc, setBcc] = useState(init.bcc);
  const [showCc, setShowCc] = useState(init.cc.length > 0);
  const [showBcc, setShowBcc] = useState(init.bcc.length > 0);
  const [subject, setSubject] = useState(init.subject);
  const [importance, setImportance] = useState<Importance>(init.importance);
  const [attachments, setAttachments] = useState<AttachmentEntry[]>(() =>
    (init.attachments ?? []).map((a) => ({ key: `a${++attachmentKeys}`, name: a.name, size: a.size, progress: 1, attachment: a })),
  );
  const [status, setStatus] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dropping, setDropping] = useState(false);

  // The latest values, for the save chain and the session-expiry snapshot (which run outside React's render).
  const state = useRef({ to, cc, bcc, subject, importance });
  state.current = { to, cc, bcc, subject, importance };
  const draftId = useRef<string | null>(init.draftId);
  const changes = useRef(0);
  const savedChanges = useRef(0);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<number | undefined>(undefined);
  const closed = useRef(false);
  // The parent's callback may change on every render; save() must not (the effects below would rerun).
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const initialBody = useRef(
    (() => {
      const sig = init.addSignature && session.autoAddSignature && session.signatureHtml ? session.signatureHtml : '';
      if (!sig) return init.bodyHtml || '<div><br></div>';
      return `<div><br></div><div><br></div><div class="signature">${sig}</div>` + (init.bodyHtml ? `<div><br></div>${init.bodyHtml}` : '');
    })(),
  );

  const snapshot = useCallback((): Draft => {
    const s = state.current;
    return {
      to: s.to,
      cc: s.cc,
      bcc: s.bcc,
      subject: s.subject,
      bodyHtml: editor.current?.getHtml() ?? initialBody.current,
      importance: s.importance,
    };
  }, []);

  /** Saves if anything changed since the last save (or creates the draft when `create` and there is none yet). */
  const save = useCallback(
    (create = false): Promise<void> => {
      const run = async () => {
        if (closed.current) return;
        const target = changes.current;
        if (target === savedChanges.current && (draftId.current || !create)) return;
        const draft = snapshot();
        setStatus('Saving…');
        try {
          const m = draftId.current ? await mailApi.saveDraft(draftId.current, draft) : await mailApi.createDraft(draft);
          draftId.current = m.id;
          savedChanges.current = Math.max(savedChanges.current, target);
          setStatus(`Draft saved at ${formatTime(new Date(), session.timeZone)}`);
          setError(null);
          onSavedRef.current?.();
        } catch (e) {
          setStatus('');
          if (isApiError(e, 'NotFound') && draftId.current) {
            // The draft was sent or deleted elsewhere: start a new one on the next save.
            draftId.current = null;
          }
          throw e;
        }
      };
      const next = chain.current.then(run, run);
      chain.current = next.catch(() => undefined);
      return next;
    },
    [snapshot, session.timeZone],
  );

  const changed = useCallback(() => {
    changes.current++;
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      save().catch((e) => setError(`The draft couldn't be saved: ${errorMessage(e)}`));
    }, AUTOSAVE_DELAY_MS);
  }, [save]);

  // A response starts in the body, above the quoted message; new mail and forwards in To.
  useEffect(() => {
    if (init.to.length > 0) editor.current?.focusStart();
  }, []);

  // A restored draft (after signing in again) is saved at once.
  useEffect(() => {
    if (!init.draftId && (init.subject || init.to.length || init.bodyHtml)) changed();
  }, []);

  // Keep what is unsent if the session ends; save what is pending when compose goes away.
  useEffect(() => {
    const unregister = registerPendingDraft(() => {
      if (closed.current) return null;
      const d = snapshot();
      if (changes.current === savedChanges.current && draftId.current) return null;
      return { draftId: draftId.current, ...d };
    });
    return () => {
      unregister();
      if (timer.current !== undefined) {
        clearTimeout(timer.current);
        timer.current = undefined;
        if (!closed.current) save().catch(() => undefined);
      }
    };
  }, [snapshot, save]);

  const setAndChange = <T,>(setter: (v: T) => void) => (v: T) => {
    setter(v);
    changed();
  };

  const addFiles = async (files: FileList | File[]) => {
    const list = [...files];
    if (list.length === 0) return;
    try {
      await save(true);
    } catch (e) {
      setError(`The draft couldn't be saved: ${errorMessage(e)}`);
      return;
    }
    const id = draftId.current;
    if (!id) return;
    for (const file of list) {
      const key = `a${++attachmentKeys}`;
      const handle = mailApi.uploadAttachment(id, file, (sent, total) =>
        setAttachments((all) => all.map((a) => (a.key === key ? { ...a, progress: total > 0 ? Math.min(0.99, sent / total) : 0 } : a))),
      );
      setAttachments((all) => [...all, { key, name: file.name, size: file.size, progress: 0, abort: handle.abort }]);
      handle.promise
        .then((att) => {
          setAttachments((all) => all.map((a) => (a.key === key ? { ...a, progress: 1, attachment: att, abort: undefined } : a)));
          onSavedRef.current?.();
        })
        .catch((e) => {
          if (e instanceof DOMException && e.name === 'AbortError') return;
          setAttachments((all) => all.map((a) => (a.key === key ? { ...a, error: errorMessage(e), abort: undefined } : a)));
        });
    }
  };

  const removeAttachment = async (entry: AttachmentEntry) => {
    entry.abort?.();
    setAttachments((all) => all.filter((a) => a.key !== entry.key));
    if (entry.attachment && draftId.current) {
      try {
        await mailApi.removeAttachment(draftId.current, entry.attachment.id);
      } catch (e) {
        notify(errorMessage(e), 'error');
      }
    }
  };

  const send = async () => {
    const all = [...to, ...cc, ...bcc];
    if (all.length === 0) {
      setError('Add at least one recipient.');
      return;
    }
    const bad = all.find((a) => !isEmail(a.address));
    if (bad) {
      setError(`"${bad.address}" isn't a valid email address.`);
      return;
    }
    if (attachments.some((a) => a.progress < 1 && !a.error)) {
      setError('Wait until the attachments have finished uploading.');
      return;
    }
    setBusy(true);
    setError(null);
    if (timer.current !== undefined) {
      clearTimeout(timer.current);
      timer.current = undefined;
    }
    try {
      changes.current++; // always save the final text before sending
      await save(true);
      await mailApi.send(draftId.current!);
      closed.current = true;
      notify('Message sent', 'success');
      onClose('sent');
    } catch (e) {
      setError(isApiError(e, 'NoRecipients') ? 'Add at least one recipient.' : `The message couldn't be sent: ${errorMessage(e)}`);
      setBusy(false);
    }
  };

  const discard = async () => {
    closed.current = true;
    if (timer.current !== undefined) clearTimeout(timer.current);
    for (const a of attachments) a.abort?.();
    await chain.current;
    if (draftId.current) {
      try {
        await mailApi.discard(draftId.current);
      } catch (e) {
        if (!isApiError(e, 'NotFound')) notify(errorMessage(e), 'error');
      }
    }
    onClose('discarded');
  };

  const close = async () => {
    if (timer.current !== undefined) {
      clearTimeout(timer.current);
      timer.current = undefined;
    }
    try {
      await save();
    } catch (e) {
      setError(`The draft couldn't be saved: ${errorMessage(e)}`);
      return;
    }
    closed.current = true;
    onClose('closed');
  };

  const onDrop = (e: DragEvent) => {
    setDropping(false);
    if (e.dataTransfer.files.length > 0) {
      e.preventDefault();
      void addFiles(e.dataTransfer.files);
    }
  };

  return (
    <section
      className={mergeClasses(styles.pane, dropping && styles.dropping)}
      aria-label="Compose"
      data-testid="compose"
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
          e.preventDefault();
          void send();
        }
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDropping(true);
        }
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <div className={styles.commands} role="toolbar" aria-label="Compose commands">
        {onBack && <Button appearance="subtle" icon={<ArrowLeftRegular />} aria-label="Back" onClick={() => void close()} />}
        <Button appearance="primary" icon={<SendRegular />} onClick={() => void send()} disabled={busy}>
          Send
        </Button>
        <Button icon={<DeleteRegular />} onClick={() => void discard()} disabled={busy}>
          Discard
        </Button>
        <Button icon={<AttachRegular />} onClick={() => fileInput.current?.click()} disabled={busy}>
          Attach file
        </Button>
        <Tooltip content="High importance" relationship="label">
          <ToggleButton
            icon={<ImportantRegular />}
            checked={importance === 'high'}
            appearance="subtle"
            onClick={() => setAndChange(setImportance)(importance === 'high' ? 'normal' : 'high')}
          />
        </Tooltip>
        <Text className={styles.status} aria-live="polite">
          {status}
        </Text>
        <Tooltip content="Close (the draft stays in Drafts)" relationship="label">
          <Button appearance="subtle" icon={<DismissRegular />} aria-label="Close" onClick={() => void close()} />
        </Tooltip>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label="Attach files"
          data-testid="compose-file-input"
          onChange={(e) => {
            if (e.target.files) void addFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.body}>
        <div className={styles.wellRow}>
          <div className={styles.wellGrow}>
            <RecipientWell label="To" value={to} onChange={setAndChange(setTo)} suggest={mailApi.suggest} autoFocus={to.length === 0} />
          </div>
          <div className={styles.ccLinks}>
            {!showCc && (
              <Button appearance="transparent" size="small" onClick={() => setShowCc(true)}>
                Cc
              </Button>
            )}
            {!showBcc && (
              <Button appearance="transparent" size="small" onClick={() => setShowBcc(true)}>
                Bcc
              </Button>
            )}
          </div>
        </div>
        {showCc && <RecipientWell label="Cc" value={cc} onChange={setAndChange(setCc)} suggest={mailApi.suggest} />}
        {showBcc && <RecipientWell label="Bcc" value={bcc} onChange={setAndChange(setBcc)} suggest={mailApi.suggest} />}
        <Input
          className={styles.subject}
          appearance="underline"
          aria-label="Subject"
          placeholder="Add a subject"
          value={subject}
          maxLength={255}
          onChange={(_, d) => setAndChange(setSubject)(d.value)}
        />
        {attachments.length > 0 && (
          <ul className={styles.attachments} aria-label="Attachments">
            {attachments.map((a) => (
              <li key={a.key} className={styles.attachment}>
                <DocumentRegular fontSize={24} aria-hidden />
                <span className={styles.attText}>
                  <span className={styles.attName} title={a.name}>
                    {a.name}
                  </span>
                  {a.error ? (
                    <span className={styles.attError} role="alert">
                      {a.error}
                    </span>
                  ) : a.progress < 1 ? (
                    <ProgressBar value={a.progress} thickness="medium" aria-label={`Uploading ${a.name}`} />
                  ) : (
                    <span className={styles.attMeta}>{formatSize(a.size)}</span>
                  )}
                </span>
                <Button
                  appearance="subtle"
                  size="small"
                  icon={<DismissRegular />}
                  aria-label={`Remove attachment ${a.name}`}
                  onClick={() => void removeAttachment(a)}
                />
              </li>
            ))}
          </ul>
        )}
        <RichTextEditor ref={editor} initialHtml={initialBody.current} label="Message body" onChange={changed} />
      </div>
    </section>
  );
}
