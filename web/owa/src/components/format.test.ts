import { describe, expect, it } from 'vitest';
import { formatListDate, formatSize, parseAddresses } from './format';
import { normalizeLink } from './RichTextEditor';

describe('parseAddresses', () => {
  it('splits on ; , and newlines, keeping quoted names with commas', () => {
    const r = parseAddresses('a@x.com; "Nguyen, Bob" <bob@y.com>,\nc@z.org');
    expect(r.valid).toEqual([
      { name: 'a@x.com', address: 'a@x.com' },
      { name: 'Nguyen, Bob', address: 'bob@y.com' },
      { name: 'c@z.org', address: 'c@z.org' },
    ]);
    expect(r.invalid).toEqual([]);
  });

  it('returns what is not an address as invalid', () => {
    const r = parseAddresses('bob; alice@x.com; <not an address>');
    expect(r.valid.map((a) => a.address)).toEqual(['alice@x.com']);
    expect(r.invalid).toEqual(['bob', '<not an address>']);
  });
});

describe('formatListDate', () => {
  const now = new Date('2026-11-27T15:00:00Z');
  it('shows the time for today and the date for older mail', () => {
    expect(formatListDate('2026-11-27T09:05:00Z', 'UTC', now)).toMatch(/9:05/);
    expect(formatListDate('2025-01-02T09:05:00Z', 'UTC', now)).toMatch(/2025/);
  });
  it('survives an unknown time zone and a bad date', () => {
    expect(formatListDate('2026-11-27T09:05:00Z', 'Not/AZone', now)).not.toBe('');
    expect(formatListDate('garbage', 'UTC', now)).toBe('');
  });
});

describe('formatSize', () => {
  it('uses B, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});

describe('normalizeLink', () => {
  it('accepts web and mail links and refuses script URLs', () => {
    expect(normalizeLink('https://bourse.test/a')).toBe('https://bourse.test/a');
    expect(normalizeLink('bourse.test/docs')).toBe('https://bourse.test/docs');
    expect(normalizeLink('bob@bourse.test')).toBe('mailto:bob@bourse.test');
    expect(normalizeLink('javascript:alert(1)')).toBeNull();
    expect(normalizeLink('data:text/html,<script>')).toBeNull();
  });
});
