// Mail settings: the email signature (rich text, optionally added to new messages) and the time zone the page shows
// times in.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Button, ToggleButton } from '@fluentui/react-button';
import { Checkbox } from '@fluentui/react-checkbox';
import { Field } from '@fluentui/react-field';
import { Select } from '@fluentui/react-select';
import { Toolbar } from '@fluentui/react-toolbar';
import { TextBoldRegular, TextItalicRegular, TextUnderlineRegular, TextBulletListLtrRegular } from '@fluentui/react-icons';
import { api, errorMessage } from '../api/client';
import type { MailSettings as MailSettingsBody } from '../api/types';
import { browserTimeZone } from '../calendar/time';
import { LoadState, Pane, SaveBar, useSaving, useSettingsStyles } from './common';
import { sanitizeSignature } from './sanitize';

const useStyles = makeStyles({
  editor: {
    minHeight: '120px',
    maxHeight: '320px',
    overflowY: 'auto',
    padding: '8px 10px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderBottomColor: tokens.colorNeutralStrokeAccessible,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    overflowWrap: 'anywhere',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  toolbar: { padding: 0 },
  label: { fontWeight: tokens.fontWeightSemibold },
  group: { display: 'flex', flexDirection: 'column', gap: '4px' },
});

/** Every IANA zone the browser knows, as "(UTC+01:00) Europe/Paris", sorted by offset then name. */
function timeZoneOptions(current: string): { value: string; label: string }[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const set = new Set(zones);
  for (const z of ['UTC', browserTimeZone(), current]) if (z) set.add(z);
  const now = new Date();
  const offsetOf = (zone: string): number => {
    try {
      const name =
        new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
          .formatToParts(now)
          .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
      const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
      return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
    } catch {
      return 0;
    }
  };
  return [...set]
    .map((zone) => {
      const off = offsetOf(zone);
      const sign = off < 0 ? '-' : '+';
      const abs = Math.abs(off);
      const label = `(UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}) ${zone.replace(/_/g, ' ')}`;
      return { value: zone, label, off };
    })
    .sort((a, b) => a.off - b.off || a.value.localeCompare(b.value))
    .map(({ value, label }) => ({ value, label }));
}

export function MailSettings() {
  const styles = useSettingsStyles();
  const local = useStyles();
  const [settings, setSettings] = useState<MailSettingsBody | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, outcome, setOutcome, run } = useSaving();
  const editor = useRef<HTMLDivElement>(null);
  const [formats, setFormats] = useState({ bold: false, italic: false, underline: false });

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<MailSettingsBody>('/settings/mail', undefined, ctrl.signal)
      .then((s) => setSettings({ signatureHtml: s.signatureHtml ?? '', autoAddSignature: !!s.autoAddSignature, timeZone: s.timeZone || browserTimeZone() }))
      .catch((e) => !ctrl.signal.aborted && setLoadError(errorMessage(e)));
    return () => ctrl.abort();
  }, []);

  // The editor's content is set once when the settings arrive; after that the DOM is the source of truth.
  const loaded = settings !== null;
  useEffect(() => {
    if (loaded && editor.current) editor.current.innerHTML = sanitizeSignature(settings?.signatureHtml ?? '');
    // Only on load (settings is left out on purpose): re-rendering must not reset what the user is typing.
  }, [loaded]);

  const zone = settings?.timeZone;
  const zones = useMemo(() => (zone ? timeZoneOptions(zone) : []), [zone]);

  const exec = (command: 'bold' | 'italic' | 'underline' | 'insertUnorderedList') => {
    editor.current?.focus();
    // execCommand is deprecated but remains the only built-in way to format a contentEditable selection.
    document.execCommand(command);
    refreshFormats();
  };
  const refreshFormats = () =>
    setFormats({
      bold: document.queryCommandState('bold'),
      italic: document.queryCommandState('italic'),
      underline: document.queryCommandState('underline'),
    });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!settings || busy) return;
    const html = editor.current ? sanitizeSignature(editor.current.innerHTML) : settings.signatureHtml;
    const text = editor.current?.textContent?.trim() ?? '';
    const body: MailSettingsBody = { ...settings, signatureHtml: text || /<img/i.test(html) ? html : '' };
    await run(async () => {
      await api.put('/settings/mail', body);
      setSettings(body);
      // The page shell keeps the session (time zone, signature) it loaded; tell it to load it again.
      window.dispatchEvent(new CustomEvent('owa:session-changed'));
      return 'Mail settings saved.';
    }, 'Mail settings were not saved');
  };

  return (
    <Pane title="Mail" intro="Your email signature and the time zone used for dates and times.">
      {(loadError || !settings) && <LoadState error={loadError} label="Loading mail settings…" />}
      {settings && (
        <form className={styles.form} onSubmit={save} noValidate>
          <div className={local.group}>
            <span id="signature-label" className={local.label}>
              Email signature
            </span>
            <Toolbar aria-label="Signature formatting" size="small" className={local.toolbar}>
              <ToggleButton appearance="subtle" icon={<TextBoldRegular />} aria-label="Bold" checked={formats.bold} onClick={() => exec('bold')} />
              <ToggleButton appearance="subtle" icon={<TextItalicRegular />} aria-label="Italic" checked={formats.italic} onClick={() => exec('italic')} />
              <ToggleButton
                appearance="subtle"
                icon={<TextUnderlineRegular />}
                aria-label="Underline"
                checked={formats.underline}
                onClick={() => exec('underline')}
              />
              <Button appearance="subtle" icon={<TextBulletListLtrRegular />} aria-label="Bulleted list" onClick={() => exec('insertUnorderedList')} />
            </Toolbar>
            <div
              ref={editor}
              className={local.editor}
              contentEditable
              role="textbox"
              aria-multiline="true"
              aria-labelledby="signature-label"
              tabIndex={0}
              onKeyUp={refreshFormats}
              onMouseUp={refreshFormats}
              onInput={() => setOutcome(null)}
              suppressContentEditableWarning
            />
          </div>
          <Checkbox
            label="Automatically include my signature on new messages I compose"
            checked={settings.autoAddSignature}
            onChange={(_, d) => {
              setOutcome(null);
              setSettings({ ...settings, autoAddSignature: d.checked === true });
            }}
          />
          <Field label="Time zone">
            <Select
              value={settings.timeZone}
              onChange={(_, d) => {
                setOutcome(null);
                setSettings({ ...settings, timeZone: d.value });
              }}
            >
              {zones.map((z) => (
                <option key={z.value} value={z.value}>
                  {z.label}
                </option>
              ))}
            </Select>
          </Field>
          <SaveBar busy={busy} outcome={outcome} />
        </form>
      )}
    </Pane>
  );
}
