// What the app's forms (event, contact, settings) share: the form column, a hint line, a framed group of fields with
// its legend (a real fieldset, so screen readers name the group and `disabled` reaches every field in it), and the
// error a save or load ended with (announced at once).
import type { ReactNode } from 'react';
import { makeStyles, type GriffelStyle } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { MessageBar, MessageBarBody } from '@fluentui/react-message-bar';

/** Style rules to spread into a form's makeStyles: `form` (the column of fields) and `hint` (small print). */
export const formStyles = {
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
} satisfies Record<string, GriffelStyle>;

const useStyles = makeStyles({
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
});

export function FormSection({ legend, disabled, children }: { legend: string; disabled?: boolean; children: ReactNode }) {
  const styles = useStyles();
  return (
    <fieldset className={styles.fieldset} disabled={disabled}>
      <legend className={styles.legend}>{legend}</legend>
      {children}
    </fieldset>
  );
}

/** Why the form could not be loaded or saved, as an alert; nothing when there is no error. */
export function FormError({ message }: { message: string | null }) {
  return message ? (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{message}</MessageBarBody>
    </MessageBar>
  ) : null;
}
