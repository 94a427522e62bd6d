// Automatic replies (out of office): off, on, or on during a time period; the reply inside the organization and the
// one outside with its audience. The same mailbox settings that phones change over ActiveSync.
import { useEffect, useState, type FormEvent } from 'react';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { Radio, RadioGroup } from '@fluentui/react-radio';
import { Checkbox } from '@fluentui/react-checkbox';
import { Textarea } from '@fluentui/react-textarea';
import { api, errorMessage } from '../api/client';
import type { OofAudience, OofSettings, OofState } from '../api/types';
import { useSession } from '../session';
import { type DayKey, addDays, combine, dayKeyOf, isDayKey, resolveTimeZone, timeInputValue, toIso, todayKey } from '../calendar/time';
import { htmlToText, textToHtml } from '../calendar/html';
import { FormSection } from '../components/FormSection';
import { LoadState, Pane, SaveBar, useSaving, useSettingsStyles } from './common';

interface FormState {
  state: OofState;
  startDate: DayKey;
  startTime: string;
  endDate: DayKey;
  endTime: string;
  internalReply: string;
  replyOutside: boolean;
  audience: Exclude<OofAudience, 'none'>;
  externalReply: string;
  /** The replies as loaded: an unchanged reply is saved as it was (keeping formatting set in other clients). */
  loadedInternal: string;
  loadedExternal: string;
}

function toForm(s: OofSettings, timeZone: string): FormState {
  const now = Date.now();
  // Without a window, offer one from the next hour to the same time tomorrow.
  const start = s.startUtc ? Date.parse(s.startUtc) : Math.ceil(now / 3_600_000) * 3_600_000;
  const end = s.endUtc ? Date.parse(s.endUtc) : start + 86_400_000;
  return {
    state: s.state ?? 'disabled',
    startDate: dayKeyOf(start, timeZone),
    startTime: timeInputValue(start, timeZone),
    endDate: dayKeyOf(end, timeZone),
    endTime: timeInputValue(end, timeZone),
    // Replies are HTML on the API; they are edited here as plain text.
    internalReply: htmlToText(s.internalReply ?? ''),
    replyOutside: s.externalAudience !== 'none',
    audience: s.externalAudience === 'known' ? 'known' : 'all',
    externalReply: htmlToText(s.externalReply ?? ''),
    loadedInternal: s.internalReply ?? '',
    loadedExternal: s.externalReply ?? '',
  };
}

function asHtml(text: string, loaded: string): string {
  return text === htmlToText(loaded) ? loaded : textToHtml(text);
}

export function AutomaticReplies() {
  const styles = useSettingsStyles();
  const session = useSession();
  const timeZone = resolveTimeZone(session.timeZone);
  const [form, setForm] = useState<FormState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, outcome, setOutcome, run } = useSaving();

  useEffect(() => {
    const ctrl = new AbortController();
    api
      .get<OofSettings>('/settings/oof', undefined, ctrl.signal)
      .then((s) => setForm(toForm(s, timeZone)))
      .catch((e) => !ctrl.signal.aborted && setLoadError(errorMessage(e)));
    return () => ctrl.abort();
  }, [timeZone]);

  const update = (patch: Partial<FormState>) => {
    setOutcome(null);
    setForm((f) => (f ? { ...f, ...patch } : f));
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || busy) return;
    let startUtc: string | null = null;
    let endUtc: string | null = null;
    if (form.state === 'scheduled') {
      if (!isDayKey(form.startDate) || !isDayKey(form.endDate) || !form.startTime || !form.endTime) {
        setOutcome({ intent: 'error', text: 'Enter a start and an end time for the period.' });
        return;
      }
      const start = combine(form.startDate, form.startTime, timeZone);
      const end = combine(form.endDate, form.endTime, timeZone);
      if (end <= start) {
        setOutcome({ intent: 'error', text: 'The end of the period must be after its start.' });
        return;
      }
      startUtc = toIso(start);
      endUtc = toIso(end);
    }
    const body: OofSettings = {
      state: form.state,
      startUtc,
      endUtc,
      internalReply: asHtml(form.internalReply, form.loadedInternal),
      externalReply: asHtml(form.externalReply, form.loadedExternal),
      externalAudience: form.replyOutside ? form.audience : 'none',
    };
    await run(async () => {
      const saved = await api.put<OofSettings | undefined>('/settings/oof', body);
      if (saved && typeof saved === 'object' && 'state' in saved) setForm(toForm(saved, timeZone));
      return form.state === 'disabled' ? 'Automatic replies are off.' : 'Automatic replies saved.';
    }, 'Automatic replies were not saved');
  };

  return (
    <Pane title="Automatic replies" intro="Send replies to people who write to you while you are away.">
      {(loadError || !form) && <LoadState error={loadError} label="Loading automatic replies…" />}
      {form && (
        <form className={styles.form} onSubmit={save} noValidate>
          <RadioGroup
            aria-label="Automatic replies"
            value={form.state}
            onChange={(_, d) => update({ state: d.value as OofState })}
          >
            <Radio value="disabled" label="Don't send automatic replies" />
            <Radio value="enabled" label="Send automatic replies" />
            <Radio value="scheduled" label="Send automatic replies only during a time period" />
          </RadioGroup>
          {form.state === 'scheduled' && (
            <FormSection legend="Time period">
              <div className={styles.row}>
                <Field label="Start date">
                  <Input
                    type="date"
                    value={form.startDate}
                    min={todayKey(timeZone)}
                    onChange={(_, d) =>
                      update(
                        isDayKey(d.value) && isDayKey(form.endDate) && form.endDate < d.value
                          ? { startDate: d.value, endDate: addDays(d.value, 1) }
                          : { startDate: d.value },
                      )
                    }
                  />
                </Field>
                <Field label="Start time">
                  <Input type="time" value={form.startTime} onChange={(_, d) => update({ startTime: d.value })} />
                </Field>
                <Field label="End date">
                  <Input type="date" value={form.endDate} min={form.startDate} onChange={(_, d) => update({ endDate: d.value })} />
                </Field>
                <Field label="End time">
                  <Input type="time" value={form.endTime} onChange={(_, d) => update({ endTime: d.value })} />
                </Field>
              </div>
              <span className={styles.hint}>Times are in {timeZone.replace(/_/g, ' ')}.</span>
            </FormSection>
          )}
          <ReplyField
            label="Reply to people inside your organization"
            value={form.internalReply}
            disabled={form.state === 'disabled'}
            onChange={(internalReply) => update({ internalReply })}
          />
          <Checkbox
            label="Send replies outside your organization"
            checked={form.replyOutside}
            disabled={form.state === 'disabled'}
            onChange={(_, d) => update({ replyOutside: d.checked === true })}
          />
          {form.replyOutside && (
            <FormSection legend="Outside your organization" disabled={form.state === 'disabled'}>
              <RadioGroup
                aria-label="Who gets the reply outside your organization"
                value={form.audience}
                onChange={(_, d) => update({ audience: d.value as FormState['audience'] })}
              >
                <Radio value="known" label="Only people in my contacts" />
                <Radio value="all" label="Anyone outside my organization" />
              </RadioGroup>
              <ReplyField
                label="Reply to people outside your organization"
                value={form.externalReply}
                disabled={form.state === 'disabled'}
                onChange={(externalReply) => update({ externalReply })}
              />
            </FormSection>
          )}
          <SaveBar busy={busy} outcome={outcome} />
        </form>
      )}
    </Pane>
  );
}

/** One automatic reply's text. */
function ReplyField({ label, value, disabled, onChange }: { label: string; value: string; disabled: boolean; onChange: (value: string) => void }) {
  return (
    <Field label={label}>
      <Textarea value={value} rows={5} resize="vertical" disabled={disabled} onChange={(_, d) => onChange(d.value)} />
    </Field>
  );
}
