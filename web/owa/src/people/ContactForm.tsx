// Create or edit a contact (a dialog): name parts, company, job title, department, up to 3 emails, phones, address,
// birthday and notes.
import { useState, type FormEvent } from 'react';
import { makeStyles } from '@griffel/react';
import { Dialog, DialogSurface, DialogBody, DialogTitle, DialogContent, DialogActions } from '@fluentui/react-dialog';
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { Textarea } from '@fluentui/react-textarea';
import { Spinner } from '@fluentui/react-spinner';
import { AddRegular, DeleteRegular, DismissRegular } from '@fluentui/react-icons';
import { api, errorMessage, seg } from '../api/client';
import { FormError, FormSection, formStyles } from '../components/FormSection';
import type { Contact, ContactInput } from '../api/types';

export const MAX_EMAILS = 3;

const useStyles = makeStyles({
  surface: { maxWidth: '640px', width: '100%' },
  ...formStyles,
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', gap: '8px 12px' },
  emailRow: { display: 'flex', alignItems: 'flex-end', gap: '4px' },
  grow: { flexGrow: 1, minWidth: 0 },
  actions: { flexWrap: 'wrap' },
});

type FormState = Omit<ContactInput, 'folderId'>;

/** The form for a contact; a new contact starts from nothing (`{}`): empty fields and one empty email. */
function fromContact(c: Partial<Contact>): FormState {
  const emails = (c.emails ?? []).filter((e) => e).slice(0, MAX_EMAILS);
  return {
    displayName: c.displayName ?? '',
    givenName: c.givenName ?? '',
    surname: c.surname ?? '',
    company: c.company ?? '',
    jobTitle: c.jobTitle ?? '',
    department: c.department ?? '',
    emails: emails.length ? emails : [''],
    businessPhone: c.businessPhone ?? '',
    mobilePhone: c.mobilePhone ?? '',
    homePhone: c.homePhone ?? '',
    street: c.street ?? '',
    city: c.city ?? '',
    state: c.state ?? '',
    postalCode: c.postalCode ?? '',
    country: c.country ?? '',
    birthday: c.birthday ? c.birthday.slice(0, 10) : null,
    notes: c.notes ?? '',
  };
}

/** "Given Surname", as Outlook files a new contact. */
export function composeName(f: Pick<FormState, 'givenName' | 'surname'>): string {
  return [f.givenName.trim(), f.surname.trim()].filter(Boolean).join(' ');
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface ContactFormProps {
  /** The contact to edit, or null for a new one. */
  contact: Contact | null;
  onClose: (saved?: Contact) => void;
}

export function ContactForm({ contact, onClose }: ContactFormProps) {
  const styles = useStyles();
  const [form, setForm] = useState<FormState>(() => fromContact(contact ?? {}));
  // The display name follows the name parts until the user types one of their own.
  const [nameEdited, setNameEdited] = useState(() => !!contact && contact.displayName !== composeName(contact));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (patch: Partial<FormState>) =>
    setForm((f) => {
      const next = { ...f, ...patch };
      if (!nameEdited && ('givenName' in patch || 'surname' in patch)) next.displayName = composeName(next);
      return next;
    });
  const setEmail = (i: number, value: string) => update({ emails: form.emails.map((e, j) => (j === i ? value : e)) });

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    const emails = form.emails.map((x) => x.trim()).filter(Boolean);
    const bad = emails.find((x) => !EMAIL.test(x));
    if (bad) {
      setError(`"${bad}" is not an email address.`);
      return;
    }
    const displayName = form.displayName.trim() || composeName(form) || form.company.trim() || emails[0] || '';
    if (!displayName) {
      setError('Enter a name, a company or an email address.');
      return;
    }
    const body: ContactInput = {
      ...form,
      displayName,
      givenName: form.givenName.trim(),
      surname: form.surname.trim(),
      emails,
      birthday: form.birthday || null,
      folderId: contact?.folderId ?? null,
    };
    setBusy(true);
    setError(null);
    try {
      const saved = contact
        ? await api.put<Contact>(`/contacts/${seg(contact.id)}`, body)
        : await api.post<Contact>('/contacts', body);
      onClose(saved ?? ({ ...body, id: contact?.id ?? '', folderId: contact?.folderId ?? '' } as Contact));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: Exclude<keyof FormState, 'emails' | 'birthday'>, label: string, type: 'text' | 'tel' = 'text', autoComplete?: string) => (
    <Field label={label}>
      <Input
        type={type}
        value={form[key] ?? ''}
        autoComplete={autoComplete ?? 'off'}
        maxLength={key === 'street' ? 1000 : 255}
        onChange={(_, d) => {
          if (key === 'displayName') setNameEdited(d.value.trim() !== '');
          update({ [key]: d.value } as Partial<FormState>);
        }}
      />
    </Field>
  );

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <form onSubmit={save} noValidate>
          <DialogBody>
            <DialogTitle
              action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={() => onClose()} disabled={busy} />}
            >
              {contact ? 'Edit contact' : 'New contact'}
            </DialogTitle>
            <DialogContent>
              <div className={styles.form}>
                <div className={styles.grid}>
                  {text('givenName', 'First name')}
                  {text('surname', 'Last name')}
                </div>
                {text('displayName', 'Display name')}
                <div className={styles.grid}>
                  {text('company', 'Company')}
                  {text('jobTitle', 'Job title')}
                  {text('department', 'Department')}
                </div>
                <FormSection legend="Email">
                  {form.emails.map((email, i) => (
                    <div key={i} className={styles.emailRow}>
                      <Field label={`Email ${i + 1}`} className={styles.grow}>
                        <Input type="email" value={email} maxLength={320} onChange={(_, d) => setEmail(i, d.value)} />
                      </Field>
                      {form.emails.length > 1 && (
                        <Button
                          appearance="subtle"
                          icon={<DeleteRegular />}
                          aria-label={`Remove email ${i + 1}`}
                          onClick={() => update({ emails: form.emails.filter((_, j) => j !== i) })}
                        />
                      )}
                    </div>
                  ))}
                  {form.emails.length < MAX_EMAILS && (
                    <Button appearance="subtle" icon={<AddRegular />} onClick={() => update({ emails: [...form.emails, ''] })}>
                      Add email
                    </Button>
                  )}
                </FormSection>
                <FormSection legend="Phone">
                  <div className={styles.grid}>
                    {text('mobilePhone', 'Mobile phone', 'tel')}
                    {text('businessPhone', 'Work phone', 'tel')}
                    {text('homePhone', 'Home phone', 'tel')}
                  </div>
                </FormSection>
                <FormSection legend="Address">
                  {text('street', 'Street')}
                  <div className={styles.grid}>
                    {text('city', 'City')}
                    {text('state', 'State or province')}
                    {text('postalCode', 'Postal code')}
                    {text('country', 'Country or region')}
                  </div>
                </FormSection>
                <Field label="Birthday">
                  <Input type="date" value={form.birthday ?? ''} onChange={(_, d) => update({ birthday: d.value || null })} />
                </Field>
                <Field label="Notes">
                  <Textarea value={form.notes} rows={3} resize="vertical" onChange={(_, d) => update({ notes: d.value })} />
                </Field>
                <FormError message={error} />
              </div>
            </DialogContent>
            <DialogActions className={styles.actions}>
              <Button appearance="primary" type="submit" disabled={busy}>
                Save
              </Button>
              <Button onClick={() => onClose()} disabled={busy}>
                Cancel
              </Button>
              {busy && <Spinner size="tiny" aria-label="Saving…" />}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
