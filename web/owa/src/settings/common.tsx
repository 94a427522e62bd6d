// Pieces shared by the settings panes: the pane frame, the announced save result, the loading state.
import { useState, type ReactNode } from 'react';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Button } from '@fluentui/react-button';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Spinner } from '@fluentui/react-spinner';
import { formStyles } from '../components/FormSection';
import { errorMessage } from '../api/client';

export const useSettingsStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: '16px', padding: '16px', maxWidth: '720px', minWidth: 0 },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  ...formStyles,
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: '8px 12px', alignItems: 'end' },
  actions: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
});

export type Outcome = { intent: 'success' | 'error'; text: string } | null;

/**
 * A pane's save: whether it is under way and how the last one ended. `run(action, failure)` runs the action (which
 * returns the text to announce on success) and announces a failure as "failure: why".
 */
export function useSaving() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const run = async (action: () => Promise<string>, failure: string) => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ intent: 'success', text: await action() });
    } catch (err) {
      setOutcome({ intent: 'error', text: `${failure}: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  };
  return { busy, outcome, setOutcome, run };
}

/** The form's submit button (with a spinner while it runs) and the announced result of the last save. */
export interface SaveBarProps {
  busy: boolean;
  outcome: Outcome;
  /** The submit button's text. */
  label?: string;
  /** The spinner's accessible name while the save runs. */
  busyLabel?: string;
}

export function SaveBar({ busy, outcome, label = 'Save', busyLabel = 'Saving…' }: SaveBarProps) {
  const styles = useSettingsStyles();
  return (
    <>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy}>
          {label}
        </Button>
        {busy && <Spinner size="tiny" aria-label={busyLabel} />}
      </div>
      <SaveStatus outcome={outcome} />
    </>
  );
}

/** The result of the last save, in a live region so that screen readers announce it. */
export function SaveStatus({ outcome }: { outcome: Outcome }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true">
      {outcome && (
        <MessageBar intent={outcome.intent}>
          <MessageBarBody>{outcome.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

export function Pane({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  const styles = useSettingsStyles();
  return (
    <section className={styles.pane} aria-labelledby="settings-pane-title">
      <h3 id="settings-pane-title" className={styles.title}>
        {title}
      </h3>
      {intro && <p className={styles.intro}>{intro}</p>}
      {children}
    </section>
  );
}

/** While a pane's data loads: a spinner, or the error that stopped it. */
export function LoadState({ error, label }: { error: string | null; label: string }) {
  return error ? (
    <MessageBar intent="error">
      <MessageBarBody>{error}</MessageBarBody>
    </MessageBar>
  ) : (
    <Spinner label={label} />
  );
}
