// The mail search box: full text, with From and date filters in a popover, over all folders or the current one.
import { useEffect, useState, type FormEvent } from 'react';
import {
  Button,
  Field,
  Input,
  makeStyles,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Radio,
  RadioGroup,
  SearchBox,
  tokens,
  Tooltip,
} from '@fluentui/react-components';
import { FilterRegular, SearchRegular } from '@fluentui/react-icons';

export interface SearchCriteria {
  q: string;
  from: string;
  after: string;
  before: string;
  /** Current folder only. */
  inFolder: boolean;
}

export const EMPTY_SEARCH: SearchCriteria = { q: '', from: '', after: '', before: '', inFolder: false };

export function isEmptySearch(c: SearchCriteria): boolean {
  return !c.q.trim() && !c.from.trim() && !c.after && !c.before;
}

const useStyles = makeStyles({
  form: { display: 'flex', alignItems: 'center', gap: '2px', flexGrow: 1, maxWidth: '560px', minWidth: '200px' },
  box: { flexGrow: 1, maxWidth: 'none' },
  filters: { display: 'flex', flexDirection: 'column', gap: '10px', width: '280px' },
  row: { display: 'flex', gap: '8px' },
  active: { color: tokens.colorBrandForeground1 },
});

export interface SearchBarProps {
  value: SearchCriteria | null;
  onSearch: (c: SearchCriteria) => void;
  onClear: () => void;
  registerFocus?: (focus: () => void) => void;
}

export function SearchBar({ value, onSearch, onClear, registerFocus }: SearchBarProps) {
  const styles = useStyles();
  const [c, setC] = useState<SearchCriteria>(value ?? EMPTY_SEARCH);
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState<HTMLInputElement | null>(null);

  useEffect(() => setC(value ?? EMPTY_SEARCH), [value]);
  useEffect(() => {
    if (input) registerFocus?.(() => input.focus());
  }, [input, registerFocus]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    setOpen(false);
    if (isEmptySearch(c)) onClear();
    else onSearch({ ...c, q: c.q.trim(), from: c.from.trim() });
  };

  const filtered = !!(c.from || c.after || c.before || c.inFolder);

  return (
    <form className={styles.form} role="search" aria-label="Search mail" onSubmit={submit}>
      <SearchBox
        className={styles.box}
        input={{ ref: setInput }}
        aria-label="Search mail"
        placeholder="Search"
        value={c.q}
        onChange={(_, d) => {
          setC((o) => ({ ...o, q: d.value }));
          if (d.value === '' && value) onClear();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onClear();
          }
        }}
      />
      <Tooltip content="Search" relationship="label">
        <Button type="submit" appearance="subtle" icon={<SearchRegular />} />
      </Tooltip>
      <Popover open={open} onOpenChange={(_, d) => setOpen(d.open)} positioning="below-end" trapFocus>
        <PopoverTrigger disableButtonEnhancement>
          <Tooltip content="Search filters" relationship="label">
            <Button type="button" appearance="subtle" icon={<FilterRegular className={filtered ? styles.active : undefined} />} />
          </Tooltip>
        </PopoverTrigger>
        <PopoverSurface aria-label="Search filters">
          <div className={styles.filters}>
            <Field label="Keywords">
              <Input value={c.q} onChange={(_, d) => setC((o) => ({ ...o, q: d.value }))} />
            </Field>
            <Field label="From">
              <Input value={c.from} placeholder="Name or address" onChange={(_, d) => setC((o) => ({ ...o, from: d.value }))} />
            </Field>
            <div className={styles.row}>
              <Field label="After">
                <Input type="date" value={c.after} onChange={(_, d) => setC((o) => ({ ...o, after: d.value }))} />
              </Field>
              <Field label="Before">
                <Input type="date" value={c.before} onChange={(_, d) => setC((o) => ({ ...o, before: d.value }))} />
              </Field>
            </div>
            <Field label="Look in">
              <RadioGroup
                value={c.inFolder ? 'folder' : 'all'}
                onChange={(_, d) => setC((o) => ({ ...o, inFolder: d.value === 'folder' }))}
              >
                <Radio value="all" label="All folders" />
                <Radio value="folder" label="Current folder" />
              </RadioGroup>
            </Field>
            <div className={styles.row}>
              <Button appearance="primary" onClick={() => submit()}>
                Search
              </Button>
              <Button
                onClick={() => {
                  setC(EMPTY_SEARCH);
                  setOpen(false);
                  onClear();
                }}
              >
                Clear filters
              </Button>
            </div>
          </div>
        </PopoverSurface>
      </Popover>
    </form>
  );
}
