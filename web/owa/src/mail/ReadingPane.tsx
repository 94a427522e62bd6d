// The reading pane: subject, sender and recipients, Reply / Reply all / Forward, the "images were blocked" bar, the
// attachments (download, image preview) and the sanitized body in a sandboxed frame.
import { memo, useEffect, useState } from 'react';
import {
  Avatar,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  tokens,
  Toolbar,
  ToolbarButton,
} from '@fluentui/react-components';
import {
  ArrowDownloadRegular,
  ArrowForwardRegular,
  ArrowLeftRegular,
  ArrowReplyAllRegular,
  ArrowReplyRegular,
  DocumentRegular,
  ImportantFilled,
  MailRegular,
} from '@fluentui/react-icons';
import { errorMessage, isApiError } from '../api/client';
import type { Address, Attachment, Message, ReplyMode } from '../api/types';
import { formatAddress, formatFullDate, formatSize } from '../components/format';
import { SafeHtmlFrame } from '../components/SafeHtmlFrame';
import { attachmentUrl, loadMessage } from './api';

const useStyles = makeStyles({
  pane: {
    display: 'flex',
    flexDirection: 'column',
    height: '100%',
    minHeight: 0,
    overflowY: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  inner: { padding: '12px 20px 24px', display: 'flex', flexDirection: 'column', gap: '10px' },
  subject: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightBase500,
    overflowWrap: 'anywhere',
  },
  headerRow: { display: 'flex', gap: '12px', alignItems: 'flex-start' },
  who: { flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  from: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  toolbar: { flexWrap: 'wrap', padding: 0 },
  attachments: { display: 'flex', flexWrap: 'wrap', gap: '8px', listStyleType: 'none', margin: 0, padding: 0 },
  attachment: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '4px 4px 4px 8px',
    maxWidth: '280px',
  },
  attName: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: tokens.fontSizeBase200 },
  attSize: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase100 },
  thumb: {
    width: '48px',
    height: '48px',
    objectFit: 'cover',
    borderRadius: tokens.borderRadiusSmall,
    cursor: 'zoom-in',
    border: 'none',
    padding: 0,
    backgroundColor: 'transparent',
  },
  empty: {
    margin: 'auto',
    textAlign: 'center',
    color: tokens.colorNeutralForeground3,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: '8px',
    padding: '24px',
  },
  preview: { maxWidth: '100%', maxHeight: '70vh', display: 'block', margin: '0 auto' },
  important: { color: tokens.colorPaletteRedForeground1 },
});

export interface ReadingPaneProps {
  messageId: string | null;
  /** Shown when nothing (or several messages) are selected. */
  selectedCount: number;
  timeZone: string;
  onReply: (message: Message, mode: ReplyMode) => void;
  /** The message was shown (to mark it read). */
  onShown: (message: Message) => void;
  /** Open a draft in compose. */
  onEditDraft: (message: Message) => void;
  onBack?: () => void;
}

export const ReadingPane = memo(function ReadingPane({ messageId, selectedCount, timeZone, onReply, onShown, onEditDraft, onBack }: ReadingPaneProps) {
  const styles = useStyles();
  const [message, setMessage] = useState<Message | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [allowImages, setAllowImages] = useState(false);
  const [loading, setLoading] = useState(false);

  useEffect(() => setAllowImages(false), [messageId]);

  useEffect(() => {
    if (!messageId) {
      setMessage(null);
      setError(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    loadMessage(messageId, allowImages, controller.signal)
      .then((m) => {
        setMessage(m);
        setLoading(false);
        onShown(m);
      })
      .catch((e) => {
        if (controller.signal.aborted) return;
        setLoading(false);
        setMessage(null);
        setError(isApiError(e, 'NotFound') ? 'This message is no longer available.' : errorMessage(e));
      });
    return () => controller.abort();
    // onShown is deliberately not a dependency: a new callback must not reload the message.
  }, [messageId, allowImages]);

  if (!messageId) {
    return (
      <section id="reading-pane" tabIndex={-1} className={styles.pane} aria-label="Reading pane">
        <div className={styles.empty}>
          <MailRegular fontSize={48} />
          {selectedCount > 1 ? <span>{selectedCount} items selected</span> : <span>Select an item to read</span>}
        </div>
      </section>
    );
  }

  if (!message || message.id !== messageId) {
    return (
      <section id="reading-pane" tabIndex={-1} className={styles.pane} aria-label="Reading pane" aria-busy={loading}>
        {onBack && <BackButton onBack={onBack} />}
        <div className={styles.empty}>{error ? <span role="alert">{error}</span> : <Spinner label="Loading…" />}</div>
      </section>
    );
  }

  const files = message.attachments.filter((a) => !a.isInline || !a.contentId);

  return (
    <section id="reading-pane" tabIndex={-1} className={styles.pane} aria-label="Reading pane" data-testid="reading-pane">
      <div className={styles.inner}>
        {onBack && <BackButton onBack={onBack} />}
        <h2 className={styles.subject}>
          {message.importance === 'high' && <ImportantFilled className={styles.important} aria-label="High importance" />}{' '}
          {message.subject || '(no subject)'}
        </h2>
        <div className={styles.headerRow}>
          <Avatar name={message.from?.name || message.from?.address || '?'} color="colorful" size={40} aria-hidden />
          <div className={styles.who}>
            <span className={styles.from}>{message.from ? formatAddress(message.from) : '(no sender)'}</span>
            {message.to.length > 0 && <span className={styles.meta}>To: {list(message.to)}</span>}
            {message.cc.length > 0 && <span className={styles.meta}>Cc: {list(message.cc)}</span>}
            {message.bcc.length > 0 && <span className={styles.meta}>Bcc: {list(message.bcc)}</span>}
            <span className={styles.meta}>{formatFullDate(message.receivedUtc || message.sentUtc, timeZone)}</span>
          </div>
        </div>
        <Toolbar aria-label="Respond" className={styles.toolbar} size="small">
          <ToolbarButton icon={<ArrowReplyRegular />} onClick={() => onReply(message, 'reply')}>
            Reply
          </ToolbarButton>
          <ToolbarButton icon={<ArrowReplyAllRegular />} onClick={() => onReply(message, 'replyAll')}>
            Reply all
          </ToolbarButton>
          <ToolbarButton icon={<ArrowForwardRegular />} onClick={() => onReply(message, 'forward')}>
            Forward
          </ToolbarButton>
        </Toolbar>
        {message.isDraft && (
          <MessageBar intent="warning">
            <MessageBarBody>This message hasn't been sent.</MessageBarBody>
            <MessageBarActions>
              <Button size="small" onClick={() => onEditDraft(message)}>
                Continue editing
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {message.blockedImages > 0 && !allowImages && (
          <MessageBar intent="info">
            <MessageBarBody>Some images were blocked to protect your privacy.</MessageBarBody>
            <MessageBarActions>
              <Button size="small" onClick={() => setAllowImages(true)}>
                Show images
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {files.length > 0 && <Attachments messageId={message.id} items={files} />}
        <SafeHtmlFrame html={message.bodyHtml} title={`Message body: ${message.subject}`} remoteImages={allowImages} />
      </div>
    </section>
  );
});

function BackButton({ onBack }: { onBack: () => void }) {
  return (
    <div>
      <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={onBack}>
        Back
      </Button>
    </div>
  );
}

function list(addresses: Address[]): string {
  return addresses.map(formatAddress).join('; ');
}

function isPreviewable(a: Attachment): boolean {
  return /^image\/(png|jpe?g|gif|webp|bmp)$/i.test(a.contentType);
}

function Attachments({ messageId, items }: { messageId: string; items: Attachment[] }) {
  const styles = useStyles();
  const [preview, setPreview] = useState<Attachment | null>(null);
  return (
    <>
      <ul className={styles.attachments} aria-label="Attachments">
        {items.map((a) => (
          <li key={a.id} className={styles.attachment}>
            {isPreviewable(a) ? (
              <button type="button" className={styles.thumb} onClick={() => setPreview(a)} aria-label={`Preview ${a.name}`}>
                <img className={styles.thumb} src={attachmentUrl(messageId, a.id)} alt="" loading="lazy" />
              </button>
            ) : (
              <DocumentRegular fontSize={28} aria-hidden />
            )}
            <span style={{ minWidth: 0, display: 'flex', flexDirection: 'column' }}>
              <span className={styles.attName} title={a.name}>
                {a.name || 'attachment'}
              </span>
              <span className={styles.attSize}>{formatSize(a.size)}</span>
            </span>
            <Button
              as="a"
              appearance="subtle"
              size="small"
              icon={<ArrowDownloadRegular />}
              href={attachmentUrl(messageId, a.id, true)}
              download={a.name || 'attachment'}
              aria-label={`Download ${a.name}`}
            />
          </li>
        ))}
      </ul>
      <Dialog open={preview !== null} onOpenChange={(_, d) => !d.open && setPreview(null)}>
        <DialogSurface style={{ maxWidth: '90vw' }}>
          <DialogBody>
            <DialogTitle>{preview?.name}</DialogTitle>
            <DialogContent>
              {preview && <img className={styles.preview} src={attachmentUrl(messageId, preview.id)} alt={preview.name} />}
            </DialogContent>
            <DialogActions>
              {preview && (
                <Button as="a" appearance="primary" icon={<ArrowDownloadRegular />} href={attachmentUrl(messageId, preview.id, true)} download={preview.name}>
                  Download
                </Button>
              )}
              <Button onClick={() => setPreview(null)}>Close</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
