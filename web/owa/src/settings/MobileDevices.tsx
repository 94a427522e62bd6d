// Mobile devices: the phones and tablets that sync this mailbox over ActiveSync, with Remove (the partnership and its
// sync state), Wipe device, Wipe account data only and Cancel wipe — each behind a confirmation.
import { useCallback, useEffect, useState } from 'react';
import { makeStyles } from '@griffel/react';
import { tokens } from '@fluentui/tokens';
import { Button } from '@fluentui/react-button';
import { Badge } from '@fluentui/react-badge';
import { PhoneRegular, ArrowClockwiseRegular } from '@fluentui/react-icons';
import { api, errorMessage, seg } from '../api/client';
import type { Device, DeviceList } from '../api/types';
import { useSession } from '../session';
import { formatDateTime, resolveTimeZone } from '../calendar/time';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { LoadState, type Outcome, Pane, SaveStatus, useSettingsStyles } from './common';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '12px' },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '12px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  head: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  name: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
  facts: { margin: 0, display: 'grid', gridTemplateColumns: 'minmax(100px, max-content) 1fr', gap: '2px 16px' },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  buttons: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
});

type Action = { kind: 'remove' | 'wipe' | 'wipeAccount' | 'cancelWipe'; device: Device };

const WIPE_LABEL: Record<string, string> = {
  none: '',
  pending: 'Wipe pending: the device will be erased at its next sync.',
  accountOnlyPending: 'Account wipe pending: this account’s data will be removed from the device at its next sync.',
  sent: 'Wipe sent: the device is being erased.',
  accountOnlySent: 'Account wipe sent: this account’s data is being removed from the device.',
  wiped: 'Wiped.',
  accountOnlyWiped: 'Account data wiped.',
};

export function isWipePending(wipe: string): boolean {
  return wipe === 'pending' || wipe === 'accountOnlyPending';
}

function deviceName(d: Device): string {
  return d.model || d.deviceType || d.deviceId;
}

export function MobileDevices() {
  const styles = useSettingsStyles();
  const local = useStyles();
  const session = useSession();
  const timeZone = resolveTimeZone(session.timeZone);
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [reload, setReload] = useState(0);

  const load = useCallback((signal?: AbortSignal) => {
    api
      .get<DeviceList>('/settings/devices', undefined, signal)
      .then((r) => {
        setDevices(r.items ?? []);
        setLoadError(null);
      })
      .catch((e) => !signal?.aborted && setLoadError(errorMessage(e)));
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    load(ctrl.signal);
    return () => ctrl.abort();
  }, [load, reload]);

  const run = async (a: Action) => {
    const name = deviceName(a.device);
    const path = `/settings/devices/${seg(a.device.deviceId)}`;
    try {
      switch (a.kind) {
        case 'remove':
          await api.del(path);
          setOutcome({ intent: 'success', text: `${name} was removed.` });
          break;
        case 'wipe':
          await api.post(`${path}/wipe`, { accountOnly: false, cancel: false });
          setOutcome({ intent: 'success', text: `A wipe of ${name} was requested. It is erased at its next sync.` });
          break;
        case 'wipeAccount':
          await api.post(`${path}/wipe`, { accountOnly: true, cancel: false });
          setOutcome({ intent: 'success', text: `This account’s data will be removed from ${name} at its next sync.` });
          break;
        case 'cancelWipe':
          await api.post(`${path}/wipe`, { accountOnly: false, cancel: true });
          setOutcome({ intent: 'success', text: `The wipe of ${name} was cancelled.` });
          break;
      }
    } catch (e) {
      setOutcome({ intent: 'error', text: `${name}: ${errorMessage(e)}` });
    }
    setReload((n) => n + 1);
  };

  const fmt = (iso: string | null) => (iso && !Number.isNaN(Date.parse(iso)) ? formatDateTime(Date.parse(iso), timeZone) : '—');

  return (
    <Pane title="Mobile devices" intro="Phones and tablets that sync this mailbox. Remove one you no longer use; wipe one that is lost.">
      <div className={styles.actions}>
        <Button icon={<ArrowClockwiseRegular />} onClick={() => setReload((n) => n + 1)}>
          Refresh
        </Button>
      </div>
      <SaveStatus outcome={outcome} />
      {(loadError || !devices) && <LoadState error={loadError} label="Loading devices…" />}
      {devices && devices.length === 0 && <p className={styles.intro}>No mobile device syncs this mailbox.</p>}
      {devices && devices.length > 0 && (
        <ul className={local.list} aria-label="Mobile devices">
          {devices.map((d) => {
            const name = deviceName(d);
            const pending = isWipePending(d.wipe);
            // Once sent or done, a wipe can neither be asked again nor cancelled (the device can still be removed).
            const wiped = d.wipe !== 'none' && !pending;
            return (
              <li key={d.deviceId} className={local.card} aria-label={name}>
                <div className={local.head}>
                  <PhoneRegular aria-hidden="true" />
                  <h4 className={local.name}>{name}</h4>
                  <Badge appearance="tint" color={d.access === 'allowed' ? 'success' : d.access === 'blocked' ? 'danger' : 'warning'}>
                    {d.access === 'allowed' ? 'Allowed' : d.access === 'blocked' ? 'Blocked' : 'Quarantined'}
                  </Badge>
                  {d.wipe !== 'none' && (
                    <Badge appearance="filled" color={pending ? 'warning' : 'danger'}>
                      {pending ? 'Wipe pending' : d.wipe === 'sent' || d.wipe === 'accountOnlySent' ? 'Wipe sent' : 'Wiped'}
                    </Badge>
                  )}
                </div>
                <dl className={local.facts}>
                  {(
                    [
                      ['Device type', d.deviceType],
                      ['Model', d.model],
                      ['Operating system', d.os],
                      ['Device ID', d.deviceId],
                      ['Protocol', d.protocolVersion ? `Exchange ActiveSync ${d.protocolVersion}` : ''],
                      ['First sync', fmt(d.firstSyncUtc)],
                      ['Last sync', fmt(d.lastSyncUtc)],
                      ['Status', WIPE_LABEL[d.wipe] ?? d.wipe],
                    ] as [string, string][]
                  )
                    .filter(([, v]) => v)
                    .map(([k, v]) => (
                      <div key={k} style={{ display: 'contents' }}>
                        <dt className={local.term}>{k}</dt>
                        <dd className={local.value}>{v}</dd>
                      </div>
                    ))}
                </dl>
                <div className={local.buttons}>
                  {pending ? (
                    <Button appearance="primary" onClick={() => setAction({ kind: 'cancelWipe', device: d })}>
                      Cancel wipe
                    </Button>
                  ) : (
                    !wiped && (
                      <>
                        <Button onClick={() => setAction({ kind: 'wipe', device: d })}>Wipe device</Button>
                        <Button onClick={() => setAction({ kind: 'wipeAccount', device: d })}>Wipe account data only</Button>
                      </>
                    )
                  )}
                  <Button onClick={() => setAction({ kind: 'remove', device: d })}>Remove</Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {action && <ActionConfirm action={action} onConfirm={() => run(action)} onClose={() => setAction(null)} />}
    </Pane>
  );
}

/** What each device action asks before it is done. */
const CONFIRM: Record<Action['kind'], { title: string; confirmText: string; message: (name: string) => string }> = {
  remove: {
    title: 'Remove device',
    confirmText: 'Remove',
    message: (name) => `Remove ${name} from the list? Its sync partnership ends; if it syncs again it starts over and appears again.`,
  },
  wipe: {
    title: 'Wipe device',
    confirmText: 'Wipe device',
    message: (name) =>
      `Erase ${name}? At its next sync the device is reset to factory settings: all its data, apps and settings are lost, not only this mailbox.`,
  },
  wipeAccount: {
    title: 'Wipe account data only',
    confirmText: 'Wipe account data',
    message: (name) => `Remove this account’s mail, calendar and contacts from ${name} at its next sync? Other data on the device stays.`,
  },
  cancelWipe: {
    title: 'Cancel wipe',
    confirmText: 'Cancel wipe',
    message: (name) => `Cancel the wipe of ${name}? If the device has synced since the wipe was requested, it has already been wiped.`,
  },
};

function ActionConfirm({ action, onConfirm, onClose }: { action: Action; onConfirm: () => Promise<void>; onClose: () => void }) {
  const { title, confirmText, message } = CONFIRM[action.kind];
  return (
    <ConfirmDialog open title={title} message={message(deviceName(action.device))} confirmText={confirmText} onConfirm={onConfirm} onClose={onClose} />
  );
}
