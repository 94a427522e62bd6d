// The event form (a dialog): create, edit and delete an event, recurrence included. Opening an occurrence of a series
// first asks whether to edit that occurrence only or the whole series; deleting one asks the same.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { makeStyles } from '@griffel/react';
import { Dialog, DialogSurface, DialogBody, DialogTitle, DialogContent, DialogActions } from '@fluentui/react-dialog';
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { Select } from '@fluentui/react-select';
import { Checkbox } from '@fluentui/react-checkbox';
import { Switch } from '@fluentui/react-switch';
import { Radio, RadioGroup } from '@fluentui/react-radio';
import { Textarea } from '@fluentui/react-textarea';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Spinner } from '@fluentui/react-spinner';
import { DismissRegular } from '@fluentui/react-icons';
import { api, errorMessage, seg } from '../api/client';
import { FormError, FormSection, formStyles } from '../components/FormSection';
import type { CalendarEvent, CalendarEventInput, ShowAs } from '../api/types';
import { htmlToText, textToHtml } from './html';
import { DAY_LABELS, type DayMode, type RepeatForm, type RepeatKind, defaultRepeat, nthLabel, toApi, toForm } from './recurrence';
import { type DayKey, addDays, combine, daysBetween, dayKeyOf, formatDay, isDayKey, timeInputValue, toIso } from './time';
import { SHOW_AS_LABEL } from './EventChip';
import { allDayDays } from './views';
import { type EditScope, eventRequest, initialScope, saveBody } from './occurrence';

export type EditorTarget =
  | { kind: 'new'; start: number; end: number; allDay: boolean }
  | { kind: 'edit'; id: string; occurrenceStartUtc: string | null };

export type EditorOutcome = 'saved' | 'created' | 'deleted' | 'deletedOccurrence';

const REMINDERS: { value: string; label: string }[] = [
  { value: '', label: 'None' },
  { value: '0', label: 'At time of event' },
  { value: '5', label: '5 minutes before' },
  { value: '15', label: '15 minutes before' },
  { value: '30', label: '30 minutes before' },
  { value: '60', label: '1 hour before' },
  { value: '1440', label: '1 day before' },
];

const SHOW_AS: ShowAs[] = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere'];

const useStyles = makeStyles({
  surface: { maxWidth: '640px', width: '100%' },
  ...formStyles,
  row: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
    gap: '8px 12px',
    alignItems: 'end',
  },
  days: { display: 'flex', flexWrap: 'wrap', gap: '0 4px' },
  inline: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  narrowInput: { width: '88px' },
  actions: { flexWrap: 'wrap' },
});

interface FormState {
  subject: string;
  location: string;
  allDay: boolean;
  startDate: DayKey;
  startTime: string;
  endDate: DayKey;
  endTime: string;
  showAs: ShowAs;
  reminder: string;
  repeat: RepeatForm;
  notes: string;
}

function formFromTimes(start: number, end: number, allDay: boolean, timeZone: string): FormState {
  // An all-day event ends at the midnight after its last day; the form shows that last day.
  const days = allDay ? allDayDays(start, end, timeZone) : { firstDay: dayKeyOf(start, timeZone), lastDay: dayKeyOf(end, timeZone) };
  const startDate = days.firstDay;
  const endDate = days.lastDay;
  return {
    subject: '',
    location: '',
    allDay,
    startDate,
    startTime: allDay ? '09:00' : timeInputValue(start, timeZone),
    endDate: daysBetween(startDate, endDate) < 0 ? startDate : endDate,
    endTime: allDay ? '09:30' : timeInputValue(end, timeZone),
    showAs: allDay ? 'free' : 'busy',
    reminder: allDay ? '1440' : '15',
    repeat: defaultRepeat(startDate),
    notes: '',
  };
}

export interface EventEditorProps {
  target: EditorTarget;
  timeZone: string;
  onClose: (outcome?: EditorOutcome) => void;
}

export function EventEditor({ target, timeZone, onClose }: EventEditorProps) {
  const styles = useStyles();
  const idBase = useId();
  const [loaded, setLoaded] = useState<CalendarEvent | null>(null);
  const [form, setForm] = useState<FormState | null>(() =>
    target.kind === 'new' ? formFromTimes(target.start, target.end, target.allDay, timeZone) : null,
  );
  const [notesDirty, setNotesDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [scope, setScope] = useState<EditScope | null>(() => (target.kind === 'edit' ? initialScope(target.occurrenceStartUtc) : 'series'));

  useEffect(() => {
    if (target.kind !== 'edit' || !scope) return;
    const ctrl = new AbortController();
    const request = eventRequest(target.id, target.occurrenceStartUtc, scope);
    api
      .get<CalendarEvent>(request.path, request.query, ctrl.signal)
      .then((ev) => {
        const start = Date.parse(ev.startUtc);
        const end = Date.parse(ev.endUtc);
        const f = formFromTimes(start, Math.max(start, end), ev.isAllDay, timeZone);
        f.subject = ev.subject ?? '';
        f.location = ev.location ?? '';
        f.showAs = ev.showAs ?? 'busy';
        f.reminder = ev.reminderMinutes == null ? '' : String(ev.reminderMinutes);
        // One occurrence has no pattern of its own.
        f.repeat = toForm(scope === 'occurrence' ? null : ev.recurrence, f.startDate);
        f.notes = htmlToText(ev.bodyHtml ?? '');
        setLoaded(ev);
        setForm(f);
      })
      .catch((e) => {
        if (!ctrl.signal.aborted) setError(errorMessage(e));
      });
    return () => ctrl.abort();
  }, [target, timeZone, scope]);

  const update = (patch: Partial<FormState>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const updateRepeat = (patch: Partial<RepeatForm>) => setForm((f) => (f ? { ...f, repeat: { ...f.repeat, ...patch } } : f));

  const reminderOptions = useMemo(() => {
    if (!form || REMINDERS.some((r) => r.value === form.reminder)) return REMINDERS;
    return [...REMINDERS, { value: form.reminder, label: `${form.reminder} minutes before` }];
  }, [form]);

  const isSeries = target.kind === 'edit' && (loaded?.recurrence != null || target.occurrenceStartUtc != null);
  const isOccurrence = target.kind === 'edit' && scope === 'occurrence';
  const title = target.kind === 'new' ? 'New event' : isOccurrence ? 'Edit occurrence' : isSeries ? 'Edit series' : 'Edit event';
  const occurrenceDay =
    target.kind === 'edit' && target.occurrenceStartUtc
      ? formatDay(dayKeyOf(Date.parse(target.occurrenceStartUtc), timeZone), { weekday: 'long', month: 'long', day: 'numeric' })
      : '';

  const validate = (f: FormState): string | null => {
    if (!isDayKey(f.startDate) || !isDayKey(f.endDate)) return 'Enter a start and an end date.';
    if (daysBetween(f.startDate, f.endDate) < 0) return 'The end date is before the start date.';
    if (!f.allDay) {
      if (!/^\d{2}:\d{2}/.test(f.startTime) || !/^\d{2}:\d{2}/.test(f.endTime)) return 'Enter a start and an end time.';
      if (combine(f.endDate, f.endTime, timeZone) < combine(f.startDate, f.startTime, timeZone)) return 'The event ends before it starts.';
    }
    if (f.repeat.kind !== 'none') {
      if (!(f.repeat.interval >= 1 && f.repeat.interval <= 999)) return 'Repeat every 1 to 999.';
      if (f.repeat.kind === 'weekly' && f.repeat.days.length === 0) return 'Choose at least one day of the week.';
      if (f.repeat.end === 'until' && (!isDayKey(f.repeat.until) || daysBetween(f.startDate, f.repeat.until) < 0))
        return 'The series must end on or after its start date.';
      if (f.repeat.end === 'count' && !(f.repeat.count >= 1 && f.repeat.count <= 999)) return 'End after 1 to 999 occurrences.';
    }
    return null;
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!form || busy) return;
    const problem = validate(form);
    if (problem) {
      setError(problem);
      return;
    }
    const startUtc = form.allDay ? combine(form.startDate, '00:00', timeZone) : combine(form.startDate, form.startTime, timeZone);
    const endUtc = form.allDay ? combine(addDays(form.endDate, 1), '00:00', timeZone) : combine(form.endDate, form.endTime, timeZone);
    const input: CalendarEventInput = {
      folderId: loaded?.folderId ?? null,
      subject: form.subject.trim(),
      location: form.location.trim(),
      startUtc: toIso(startUtc),
      endUtc: toIso(endUtc),
      isAllDay: form.allDay,
      // An untouched body keeps its HTML (formatting from other clients); an edited one is plain text paragraphs.
      bodyHtml: notesDirty || !loaded ? textToHtml(form.notes) : (loaded.bodyHtml ?? ''),
      // A timed event keeps its own zone (its series stays at its wall time across daylight-saving changes there);
      // a new one, and an all-day one (midnight to midnight where the user is), take the user's zone.
      timeZone: loaded?.timeZone && !form.allDay ? loaded.timeZone : timeZone,
      showAs: form.showAs,
      reminderMinutes: form.reminder === '' ? null : Number(form.reminder),
      recurrence: toApi(form.repeat, form.startDate),
      attendees: loaded?.attendees ?? [],
    };
    setBusy(true);
    setError(null);
    try {
      if (target.kind === 'edit') {
        const request = eventRequest(target.id, target.occurrenceStartUtc, scope ?? 'series');
        await api.put<CalendarEvent>(request.path, saveBody(input, scope ?? 'series'), request.query);
        onClose('saved');
      } else {
        await api.post<CalendarEvent>('/calendar/events', input);
        onClose('created');
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (occurrenceOnly: boolean) => {
    if (target.kind !== 'edit' || busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.del(
        `/calendar/events/${seg(target.id)}`,
        occurrenceOnly && target.occurrenceStartUtc ? { occurrence: target.occurrenceStartUtc } : undefined,
      );
      setConfirmDelete(false);
      onClose(occurrenceOnly ? 'deletedOccurrence' : 'deleted');
    } catch (err) {
      setConfirmDelete(false);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const id = (name: string) => `${idBase}-${name}`;

  if (target.kind === 'edit' && !scope) {
    return (
      <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onClose()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Open a recurring event</DialogTitle>
            <DialogContent>
              {`This event is part of a series. Do you want to edit only the occurrence on ${occurrenceDay}, or the whole series?`}
            </DialogContent>
            <DialogActions className={styles.actions}>
              <Button appearance="primary" onClick={() => setScope('occurrence')}>
                Edit this occurrence
              </Button>
              <Button onClick={() => setScope('series')}>Edit the whole series</Button>
              <Button onClick={() => onClose()}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    );
  }

  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && !busy && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form onSubmit={save} noValidate>
          <DialogBody>
            <DialogTitle
              action={
                <Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={() => onClose()} disabled={busy} />
              }
            >
              {title}
            </DialogTitle>
            <DialogContent>
              {!form ? (
                error ? (
                  <FormError message={error} />
                ) : (
                  <Spinner label="Loading the event…" />
                )
              ) : (
                <div className={styles.form}>
                  {isSeries && target.kind === 'edit' && (
                    <MessageBar intent="info">
                      <MessageBarBody>
                        {isOccurrence
                          ? `You are editing only the occurrence on ${occurrenceDay}; the rest of the series stays as it is.`
                          : 'You are editing the whole series: changes apply to every occurrence.'}
                      </MessageBarBody>
                    </MessageBar>
                  )}
                  <Field label="Subject">
                    <Input value={form.subject} onChange={(_, d) => update({ subject: d.value })} placeholder="Add a title" maxLength={255} />
                  </Field>
                  <Field label="Location">
                    <Input value={form.location} onChange={(_, d) => update({ location: d.value })} placeholder="Add a location" maxLength={255} />
                  </Field>
                  <Switch
                    label="All day"
                    checked={form.allDay}
                    onChange={(_, d) =>
                      update(
                        d.checked
                          ? { allDay: true, showAs: form.showAs === 'busy' ? 'free' : form.showAs }
                          : { allDay: false, showAs: form.showAs === 'free' ? 'busy' : form.showAs },
                      )
                    }
                  />
                  <div className={styles.row}>
                    <Field label="Start date">
                      <Input
                        type="date"
                        value={form.startDate}
                        onChange={(_, d) => {
                          if (!isDayKey(d.value)) return update({ startDate: d.value });
                          // Moving the start moves the end with it (the duration is kept).
                          const shift = isDayKey(form.startDate) ? daysBetween(form.startDate, d.value) : 0;
                          update({
                            startDate: d.value,
                            endDate: isDayKey(form.endDate) ? addDays(form.endDate, shift) : d.value,
                            repeat: target.kind === 'new' && form.repeat.kind === 'none' ? defaultRepeat(d.value) : form.repeat,
                          });
                        }}
                      />
                    </Field>
                    {!form.allDay && (
                      <Field label="Start time">
                        <Input type="time" step={300} value={form.startTime} onChange={(_, d) => update(shiftEnd(form, d.value, timeZone))} />
                      </Field>
                    )}
                    <Field label="End date">
                      <Input type="date" value={form.endDate} min={form.startDate} onChange={(_, d) => update({ endDate: d.value })} />
                    </Field>
                    {!form.allDay && (
                      <Field label="End time">
                        <Input type="time" step={300} value={form.endTime} onChange={(_, d) => update({ endTime: d.value })} />
                      </Field>
                    )}
                  </div>
                  <span className={styles.hint}>Times are in {timeZone.replace(/_/g, ' ')}.</span>
                  <div className={styles.row}>
                    <Field label="Show as">
                      <Select value={form.showAs} onChange={(_, d) => update({ showAs: d.value as ShowAs })}>
                        {SHOW_AS.map((s) => (
                          <option key={s} value={s}>
                            {SHOW_AS_LABEL[s]}
                          </option>
                        ))}
                      </Select>
                    </Field>
                    <Field label="Reminder">
                      <Select value={form.reminder} onChange={(_, d) => update({ reminder: d.value })}>
                        {reminderOptions.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </Select>
                    </Field>
                    {!isOccurrence && (
                      <Field label="Repeat">
                        <Select
                          value={form.repeat.kind}
                          onChange={(_, d) => updateRepeat({ kind: d.value as RepeatKind })}
                        >
                          <option value="none">Never</option>
                          <option value="daily">Daily</option>
                          <option value="weekdays">Every weekday</option>
                          <option value="weekly">Weekly</option>
                          <option value="monthly">Monthly</option>
                          <option value="yearly">Yearly</option>
                        </Select>
                      </Field>
                    )}
                  </div>
                  {form.repeat.kind !== 'none' && (
                    <RepeatFields
                      form={form}
                      idOf={id}
                      styles={styles}
                      onChange={updateRepeat}
                    />
                  )}
                  <Field label="Notes">
                    <Textarea
                      value={form.notes}
                      resize="vertical"
                      rows={4}
                      onChange={(_, d) => {
                        setNotesDirty(true);
                        update({ notes: d.value });
                      }}
                    />
                  </Field>
                  <FormError message={error} />
                </div>
              )}
            </DialogContent>
            <DialogActions className={styles.actions}>
              <Button appearance="primary" type="submit" disabled={!form || busy}>
                Save
              </Button>
              {target.kind === 'edit' && (
                <Button onClick={() => setConfirmDelete(true)} disabled={!form || busy}>
                  Delete
                </Button>
              )}
              <Button onClick={() => onClose()} disabled={busy}>
                Cancel
              </Button>
              {busy && <Spinner size="tiny" aria-label="Working…" />}
            </DialogActions>
          </DialogBody>
        </form>
        {confirmDelete && target.kind === 'edit' && (
          <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && setConfirmDelete(false)}>
            <DialogSurface>
              <DialogBody>
                <DialogTitle>{target.occurrenceStartUtc ? 'Delete a recurring event' : 'Delete event'}</DialogTitle>
                <DialogContent>
                  {target.occurrenceStartUtc
                    ? `Do you want to delete only the occurrence on ${formatDay(dayKeyOf(Date.parse(target.occurrenceStartUtc), timeZone), { weekday: 'long', month: 'long', day: 'numeric' })}, or the whole series?`
                    : `Delete "${form?.subject || '(No title)'}"?`}
                </DialogContent>
                <DialogActions className={styles.actions}>
                  {target.occurrenceStartUtc ? (
                    <>
                      <Button appearance="primary" onClick={() => remove(true)} disabled={busy}>
                        This occurrence
                      </Button>
                      <Button onClick={() => remove(false)} disabled={busy}>
                        The whole series
                      </Button>
                    </>
                  ) : (
                    <Button appearance="primary" onClick={() => remove(false)} disabled={busy}>
                      Delete
                    </Button>
                  )}
                  <Button onClick={() => setConfirmDelete(false)} disabled={busy}>
                    Cancel
                  </Button>
                </DialogActions>
              </DialogBody>
            </DialogSurface>
          </Dialog>
        )}
      </DialogSurface>
    </Dialog>
  );
}

/** A new start time keeps the event's duration (the end moves with it), as in Outlook. */
function shiftEnd(form: FormState, startTime: string, timeZone: string): Partial<FormState> {
  if (!/^\d{2}:\d{2}/.test(startTime) || !/^\d{2}:\d{2}/.test(form.startTime) || !isDayKey(form.startDate) || !isDayKey(form.endDate))
    return { startTime };
  const oldStart = combine(form.startDate, form.startTime, timeZone);
  const oldEnd = combine(form.endDate, form.endTime, timeZone);
  const duration = Math.max(0, oldEnd - oldStart);
  const newStart = combine(form.startDate, startTime, timeZone);
  const newEnd = newStart + duration;
  return { startTime, endDate: dayKeyOf(newEnd, timeZone), endTime: timeInputValue(newEnd, timeZone) };
}

interface RepeatFieldsProps {
  form: FormState;
  idOf: (name: string) => string;
  styles: ReturnType<typeof useStyles>;
  onChange: (patch: Partial<RepeatForm>) => void;
}

const UNIT: Record<Exclude<RepeatKind, 'none' | 'weekdays'>, [string, string]> = {
  daily: ['day', 'days'],
  weekly: ['week', 'weeks'],
  monthly: ['month', 'months'],
  yearly: ['year', 'years'],
};

function RepeatFields({ form, idOf, styles, onChange }: RepeatFieldsProps) {
  const r = form.repeat;
  if (r.kind === 'none') return null;
  const unit = r.kind === 'weekdays' ? null : UNIT[r.kind];
  const start = form.startDate;
  const validStart = isDayKey(start);
  return (
    <FormSection legend="Repeat">
      {unit ? (
        <div className={styles.inline}>
          <label htmlFor={idOf('interval')}>Every</label>
          <Input
            id={idOf('interval')}
            className={styles.narrowInput}
            type="number"
            min={1}
            max={999}
            value={String(r.interval)}
            onChange={(_, d) => onChange({ interval: Number(d.value) })}
            aria-describedby={idOf('interval-unit')}
          />
          <span id={idOf('interval-unit')}>{r.interval === 1 ? unit[0] : unit[1]}</span>
        </div>
      ) : (
        <span className={styles.hint}>Monday to Friday</span>
      )}
      {r.kind === 'weekly' && (
        <div role="group" aria-label="Repeat on" className={styles.days}>
          {DAY_LABELS.map((label, d) => (
            <Checkbox
              key={label}
              label={label.slice(0, 3)}
              aria-label={label}
              checked={r.days.includes(d)}
              onChange={(_, data) =>
                onChange({ days: data.checked ? [...r.days, d].sort() : r.days.filter((x) => x !== d) })
              }
            />
          ))}
        </div>
      )}
      {r.kind === 'monthly' && validStart && (
        <RadioGroup aria-label="Repeat on" value={r.dayMode} onChange={(_, d) => onChange({ dayMode: d.value as DayMode })}>
          <Radio value="day" label={`On day ${Number(start.slice(8, 10))}`} />
          <Radio value="nth" label={`On ${nthLabel(start)}`} />
        </RadioGroup>
      )}
      {r.kind === 'yearly' && validStart && (
        <RadioGroup aria-label="Repeat on" value={r.dayMode} onChange={(_, d) => onChange({ dayMode: d.value as DayMode })}>
          <Radio value="day" label={`On ${formatDay(start, { month: 'long', day: 'numeric' })}`} />
          <Radio value="nth" label={`On ${nthLabel(start)} of ${formatDay(start, { month: 'long' })}`} />
        </RadioGroup>
      )}
      <RadioGroup aria-label="End repeat" value={r.end} onChange={(_, d) => onChange({ end: d.value as RepeatForm['end'] })}>
        <Radio value="never" label="No end date" />
        <Radio value="until" label="End by a date" />
        <Radio value="count" label="End after a number of occurrences" />
      </RadioGroup>
      {r.end === 'until' && (
        <Field label="End repeat on">
          <Input type="date" value={r.until} min={start} onChange={(_, d) => onChange({ until: d.value })} />
        </Field>
      )}
      {r.end === 'count' && (
        <Field label="Number of occurrences">
          <Input
            type="number"
            className={styles.narrowInput}
            min={1}
            max={999}
            value={String(r.count)}
            onChange={(_, d) => onChange({ count: Number(d.value) })}
          />
        </Field>
      )}
    </FormSection>
  );
}
