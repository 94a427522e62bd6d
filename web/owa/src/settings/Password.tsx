// Change password: the current one, the new one twice. The server's WrongPassword and WeakPassword answers are shown
// on the field they concern.
import { useState, type FormEvent } from 'react';
import { Field } from '@fluentui/react-field';
import { Input } from '@fluentui/react-input';
import { api, errorMessage, isApiError } from '../api/client';
import type { ChangePasswordRequest } from '../api/types';
import { useSession } from '../session';
import { type Outcome, Pane, SaveBar, useSettingsStyles } from './common';

interface Errors {
  current?: string;
  next?: string;
  confirm?: string;
}

export function Password() {
  const styles = useSettingsStyles();
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const errs: Errors = {};
    if (!current) errs.current = 'Enter your current password.';
    if (!next) errs.next = 'Enter a new password.';
    else if (next === current) errs.next = 'The new password must differ from the current one.';
    if (next && confirm !== next) errs.confirm = 'The passwords don’t match.';
    setErrors(errs);
    setOutcome(null);
    if (Object.keys(errs).length > 0) {
      setOutcome({ intent: 'error', text: 'Your password was not changed. Check the highlighted fields.' });
      return;
    }
    setBusy(true);
    try {
      const body: ChangePasswordRequest = { currentPassword: current, newPassword: next };
      await api.post('/settings/password', body);
      setCurrent('');
      setNext('');
      setConfirm('');
      setOutcome({ intent: 'success', text: 'Your password was changed. Use the new one the next time you sign in, and on your phone.' });
    } catch (err) {
      if (isApiError(err, 'WrongPassword')) {
        setErrors({ current: 'The current password is wrong.' });
        setOutcome({ intent: 'error', text: 'Your password was not changed: the current password is wrong.' });
      } else if (isApiError(err, 'WeakPassword')) {
        const why = errorMessage(err);
        setErrors({ next: why && why !== 'WeakPassword' ? why : 'This password is too weak.' });
        setOutcome({ intent: 'error', text: `Your password was not changed: ${why && why !== 'WeakPassword' ? why : 'the new password is too weak.'}` });
      } else {
        setOutcome({ intent: 'error', text: `Your password was not changed: ${errorMessage(err)}` });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Pane title="Password" intro="Change the password you sign in with (here, in Outlook and on your phone).">
      <form className={styles.form} onSubmit={submit} noValidate style={{ maxWidth: '400px' }}>
        {/* The user name (hidden) lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={session.address} readOnly hidden />
        <Field label="Current password" validationMessage={errors.current} validationState={errors.current ? 'error' : 'none'}>
          <Input type="password" autoComplete="current-password" value={current} onChange={(_, d) => setCurrent(d.value)} />
        </Field>
        <Field label="New password" validationMessage={errors.next} validationState={errors.next ? 'error' : 'none'}>
          <Input type="password" autoComplete="new-password" value={next} onChange={(_, d) => setNext(d.value)} />
        </Field>
        <Field label="Confirm new password" validationMessage={errors.confirm} validationState={errors.confirm ? 'error' : 'none'}>
          <Input type="password" autoComplete="new-password" value={confirm} onChange={(_, d) => setConfirm(d.value)} />
        </Field>
        <SaveBar busy={busy} outcome={outcome} label="Change password" busyLabel="Changing the password…" />
      </form>
    </Pane>
  );
}
