// Pieces shared by the settings panes: the pane frame, the announced save result, a confirmation dialog.
import { useState, type ReactNode } from 'react';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Button } from '@fluentui/react-button';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';
import { Dialog, DialogSurface, DialogBody, DialogTitle, DialogContent, DialogActions } from '@fluentui/react-dialog';

export const useSettingsStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: '16px', padding: '16px', maxWidth: '720px', minWidth: 0 },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  intro: { margin: 0, color: tokens.colorNeutralForeground2 },
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: '8px 12px', alignItems: 'end' },
  fieldset: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '8px 12px 12px',
    margin: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: '0 4px' },
  actions: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export type Outcome = { intent: 'success' | 'error'; text: string } | null;

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

export interface ConfirmProps {
  title: string;
  message: ReactNode;
  confirmText: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/** "Are you sure?" before a destructive action; stays open (busy) until the action is done. */
export function Confirm({ title, message, confirmText, onConfirm, onClose }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{message}</DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await onConfirm();
                } finally {
                  setBusy(false);
                  onClose();
                }
              }}
            >
              {confirmText}
            </Button>
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
