// The message body editor: a contentEditable area with a formatting toolbar (bold, italic, underline, lists, link,
// clear formatting). Its HTML goes to the server, which sanitizes it when the draft is saved.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { makeStyles, tokens, Toolbar, ToolbarButton, ToolbarDivider, Tooltip } from '@fluentui/react-components';
import {
  LinkRegular,
  TextBoldRegular,
  TextBulletListLtrRegular,
  TextClearFormattingRegular,
  TextItalicRegular,
  TextNumberListLtrRegular,
  TextUnderlineRegular,
} from '@fluentui/react-icons';
import { PromptDialog } from './PromptDialog';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0 },
  toolbar: { padding: '2px 0', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, flexWrap: 'wrap' },
  editor: {
    flexGrow: 1,
    minHeight: '200px',
    padding: '12px 2px',
    outlineStyle: 'none',
    overflowWrap: 'anywhere',
    fontSize: tokens.fontSizeBase300,
    lineHeight: '1.4',
    '& blockquote': { margin: '0 0 0 8px', paddingLeft: '8px', borderLeft: `2px solid ${tokens.colorNeutralStroke1}` },
    '& img': { maxWidth: '100%' },
  },
});

export interface RichTextEditorHandle {
  getHtml: () => string;
  setHtml: (html: string) => void;
  focus: () => void;
  /** Focuses with the caret at the very start (above a quoted message). */
  focusStart: () => void;
}

export interface RichTextEditorProps {
  initialHtml: string;
  label: string;
  onChange: () => void;
}

type Command = 'bold' | 'italic' | 'underline' | 'insertUnorderedList' | 'insertOrderedList' | 'removeFormat';

/** Only web and mail links; anything else (javascript:, data:) is refused before the server would strip it anyway. */
export function normalizeLink(raw: string): string | null {
  const v = raw.trim();
  if (/^(https?:|mailto:)/i.test(v)) return v;
  if (/^[^\s:/]+@[^\s@]+\.[^\s@]+$/.test(v)) return 'mailto:' + v;
  if (/^[a-z0-9.-]+\.[a-z]{2,}(\/.*)?$/i.test(v)) return 'https://' + v;
  return null;
}

export const RichTextEditor = forwardRef<RichTextEditorHandle, RichTextEditorProps>(function RichTextEditor(
  { initialHtml, label, onChange },
  ref,
) {
  const styles = useStyles();
  const editor = useRef<HTMLDivElement>(null);
  const savedRange = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);

  useImperativeHandle(ref, () => ({
    getHtml: () => editor.current?.innerHTML ?? '',
    setHtml: (html: string) => {
      if (editor.current) editor.current.innerHTML = html;
    },
    focus: () => editor.current?.focus(),
    focusStart: () => {
      const el = editor.current;
      if (!el) return;
      el.focus();
      const range = document.createRange();
      let first: Node = el;
      while (first.firstChild && first.firstChild.nodeName !== 'BR') first = first.firstChild;
      range.setStart(first, 0);
      range.collapse(true);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      el.scrollTop = 0;
    },
  }));

  useEffect(() => {
    if (editor.current) editor.current.innerHTML = initialHtml;
    // Only the first body; later changes belong to the user.
  }, []);

  const exec = (command: Command) => {
    editor.current?.focus();
    document.execCommand(command, false);
    onChange();
  };

  const rememberSelection = () => {
    const sel = window.getSelection();
    savedRange.current = sel && sel.rangeCount > 0 && editor.current?.contains(sel.anchorNode) ? sel.getRangeAt(0).cloneRange() : null;
  };

  const insertLink = (url: string) => {
    const el = editor.current;
    if (!el) return;
    el.focus();
    const sel = window.getSelection();
    if (savedRange.current && sel) {
      sel.removeAllRanges();
      sel.addRange(savedRange.current);
    }
    if (sel && sel.rangeCount > 0 && !sel.isCollapsed) document.execCommand('createLink', false, url);
    else document.execCommand('insertHTML', false, `<a href="${url.replace(/"/g, '&quot;')}">${escapeHtml(url)}</a>`);
    onChange();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === 'b' || k === 'i' || k === 'u') {
      e.preventDefault();
      e.stopPropagation();
      exec(k === 'b' ? 'bold' : k === 'i' ? 'italic' : 'underline');
    } else if (k === 'k') {
      e.preventDefault();
      e.stopPropagation();
      rememberSelection();
      setLinkOpen(true);
    }
  };

  const button = (name: string, icon: ReactElement, action: () => void) => (
    <Tooltip content={name} relationship="label">
      <ToolbarButton icon={icon} onMouseDown={(e) => e.preventDefault()} onClick={action} />
    </Tooltip>
  );

  return (
    <div className={styles.root}>
      <Toolbar aria-label="Formatting" size="small" className={styles.toolbar}>
        {button('Bold', <TextBoldRegular />, () => exec('bold'))}
        {button('Italic', <TextItalicRegular />, () => exec('italic'))}
        {button('Underline', <TextUnderlineRegular />, () => exec('underline'))}
        <ToolbarDivider />
        {button('Bulleted list', <TextBulletListLtrRegular />, () => exec('insertUnorderedList'))}
        {button('Numbered list', <TextNumberListLtrRegular />, () => exec('insertOrderedList'))}
        <ToolbarDivider />
        {button('Insert link', <LinkRegular />, () => {
          rememberSelection();
          setLinkOpen(true);
        })}
        {button('Clear formatting', <TextClearFormattingRegular />, () => exec('removeFormat'))}
      </Toolbar>
      <div
        ref={editor}
        className={styles.editor}
        contentEditable
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        spellCheck
        suppressContentEditableWarning
        onInput={onChange}
        onKeyDown={onKeyDown}
        data-testid="compose-body"
      />
      <PromptDialog
        open={linkOpen}
        title="Insert link"
        label="Web address"
        placeholder="https://"
        okText="Insert"
        validate={(v) => (normalizeLink(v) ? null : 'Enter a web address (https://…) or an email address.')}
        onClose={() => setLinkOpen(false)}
        onSubmit={(v) => insertLink(normalizeLink(v)!)}
      />
    </div>
  );
});

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
