// A recipient well (To, Cc, Bcc): the chosen people as removable chips, then a combobox input that suggests people
// from the directory and contacts as the user types. Enter, Tab, ';' or ',' turn what was typed into a recipient;
// Backspace in an empty input removes the last one; pasted lists are split.
import { useEffect, useId, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { DismissRegular, PersonRegular, PeopleTeamRegular } from '@fluentui/react-icons';
import type { Address, Suggestion } from '../api/types';
import { formatAddress, isEmail, parseAddresses } from './format';

const useStyles = makeStyles({
  well: {
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: '4px',
    minHeight: '32px',
    padding: '2px 0',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    ':focus-within': { borderBottomColor: tokens.colorBrandStroke1 },
  },
  label: {
    minWidth: '40px',
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase300,
    cursor: 'text',
  },
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '2px',
    maxWidth: '100%',
    padding: '0 2px 0 8px',
    height: '24px',
    borderRadius: '12px',
    backgroundColor: tokens.colorNeutralBackground3,
    fontSize: tokens.fontSizeBase200,
  },
  invalidChip: { backgroundColor: tokens.colorPaletteRedBackground2, color: tokens.colorPaletteRedForeground2 },
  chipText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  chipRemove: {
    display: 'inline-flex',
    border: 'none',
    background: 'transparent',
    cursor: 'pointer',
    borderRadius: '50%',
    padding: '2px',
    color: 'inherit',
    ':hover': { backgroundColor: tokens.colorNeutralBackground3Hover },
  },
  input: {
    flexGrow: 1,
    minWidth: '120px',
    border: 'none',
    outlineStyle: 'none',
    fontSize: tokens.fontSizeBase300,
    fontFamily: 'inherit',
    height: '28px',
    backgroundColor: 'transparent',
  },
  popup: {
    position: 'absolute',
    top: '100%',
    left: '40px',
    zIndex: 100,
    minWidth: '280px',
    maxWidth: 'calc(100% - 40px)',
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow16,
    borderRadius: tokens.borderRadiusMedium,
    padding: '4px 0',
    margin: 0,
    listStyleType: 'none',
  },
  option: {
    display: 'flex',
    gap: '8px',
    alignItems: 'center',
    padding: '6px 12px',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected },
  optionText: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  optionAddress: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export interface RecipientWellProps {
  label: string;
  value: Address[];
  onChange: (value: Address[]) => void;
  suggest: (q: string, signal: AbortSignal) => Promise<Suggestion[]>;
  autoFocus?: boolean;
}

export function RecipientWell({ label, value, onChange, suggest, autoFocus }: RecipientWellProps) {
  const styles = useStyles();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [items, setItems] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const q = text.trim();
    if (q.length < 1) {
      setItems([]);
      return;
    }
    const controller = new AbortController();
    const t = window.setTimeout(() => {
      suggest(q, controller.signal)
        .then((r) => {
          const have = new Set(value.map((a) => a.address.toLowerCase()));
          setItems(r.filter((s) => !have.has(s.address.toLowerCase())).slice(0, 10));
          setActive(0);
          setOpen(true);
        })
        .catch(() => {
          /* suggestions are a convenience; typing an address still works */
        });
    }, 150);
    return () => {
      clearTimeout(t);
      controller.abort();
    };
  }, [text, suggest, value]);

  const add = (addresses: Address[]) => {
    const have = new Set(value.map((a) => a.address.toLowerCase()));
    const next = [...value];
    for (const a of addresses)
      if (!have.has(a.address.toLowerCase())) {
        next.push(a);
        have.add(a.address.toLowerCase());
      }
    onChange(next);
  };

  /** Turns the typed text into recipients; what is not an address stays in the input. */
  const commitText = (): boolean => {
    if (!text.trim()) return false;
    const { valid, invalid } = parseAddresses(text);
    if (valid.length) add(valid);
    setText(invalid.join('; '));
    setOpen(false);
    return valid.length > 0;
  };

  const choose = (s: Suggestion) => {
    add([{ name: s.name || s.address, address: s.address }]);
    setText('');
    setItems([]);
    setOpen(false);
    inputRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const showing = open && items.length > 0;
    if (e.key === 'ArrowDown' && showing) {
      e.preventDefault();
      setActive((a) => (a + 1) % items.length);
    } else if (e.key === 'ArrowUp' && showing) {
      e.preventDefault();
      setActive((a) => (a - 1 + items.length) % items.length);
    } else if (e.key === 'Enter') {
      if (showing) {
        e.preventDefault();
        choose(items[active]);
      } else if (text.trim()) {
        e.preventDefault();
        commitText();
      }
    } else if (e.key === 'Tab') {
      if (showing && !e.shiftKey) {
        e.preventDefault();
        choose(items[active]);
      } else commitText();
    } else if (e.key === ';' || e.key === ',') {
      e.preventDefault();
      commitText();
    } else if (e.key === 'Escape' && showing) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    } else if (e.key === 'Backspace' && text === '' && value.length > 0) {
      e.preventDefault();
      onChange(value.slice(0, -1));
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData('text');
    if (/[;,\n]/.test(pasted)) {
      e.preventDefault();
      const { valid, invalid } = parseAddresses(text + pasted);
      if (valid.length) add(valid);
      setText(invalid.join('; '));
    }
  };

  const listId = `${id}-list`;
  const showing = open && items.length > 0;
  return (
    <div className={styles.well}>
      <label className={styles.label} htmlFor={`${id}-input`}>
        {label}
      </label>
      {value.map((a, i) => {
        const ok = isEmail(a.address);
        return (
          <span key={a.address + i} className={mergeClasses(styles.chip, !ok && styles.invalidChip)} title={formatAddress(a)}>
            <span className={styles.chipText}>{a.name || a.address}</span>
            <button
              type="button"
              className={styles.chipRemove}
              aria-label={`Remove ${a.name || a.address}`}
              onClick={() => {
                onChange(value.filter((_, j) => j !== i));
                inputRef.current?.focus();
              }}
            >
              <DismissRegular fontSize={12} />
            </button>
          </span>
        );
      })}
      <input
        ref={inputRef}
        id={`${id}-input`}
        className={styles.input}
        role="combobox"
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={showing}
        aria-controls={showing ? listId : undefined}
        aria-activedescendant={showing ? `${listId}-${active}` : undefined}
        autoComplete="off"
        autoFocus={autoFocus}
        value={text}
        onChange={(e) => {
          const v = e.target.value;
          // A separator typed on a phone keyboard (no key events) or autofilled ends a recipient.
          if (/[;,\n]/.test(v)) {
            const { valid, invalid } = parseAddresses(v);
            if (valid.length) add(valid);
            setText(invalid.join('; '));
            setOpen(false);
            return;
          }
          setText(v);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={() => {
          // Let a click on a suggestion land first.
          window.setTimeout(() => {
            if (document.activeElement !== inputRef.current) {
              setOpen(false);
              commitText();
            }
          }, 150);
        }}
      />
      {showing && (
        <ul id={listId} role="listbox" aria-label={`Suggestions for ${label}`} className={styles.popup}>
          {items.map((s, i) => (
            <li
              key={s.address}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={mergeClasses(styles.option, i === active && styles.active)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(s)}
            >
              {s.source === 'contacts' ? <PersonRegular /> : <PeopleTeamRegular />}
              <span className={styles.optionText}>
                <span>{s.name || s.address}</span>
                <span className={styles.optionAddress}>{s.address}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
