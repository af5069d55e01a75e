// Paris times for people (dd/MM/yyyy - HH:mm:ss, as the API's labels), and the reply deadline picker's conversions.
const PARIS = 'Europe/Paris';

function parts(date: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('fr-FR', {
    timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    second: '2-digit', hourCycle: 'h23',
  }).formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** "2026-12-31T16:00:00Z" → "2026-12-31T17:00", the value of a datetime-local input, read in Paris time. */
export function toParisInput(iso?: string | null): string {
  if (!iso) return '';
  const p = parts(new Date(iso));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** "2026-12-31T17:00" typed as Paris time → "2026-12-31T17:00:00+01:00", whatever the browser's own time zone. */
export function fromParisInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // The Paris offset at that moment (+01:00 or +02:00), found by reading the UTC guess back in Paris.
  const p = parts(new Date(asUtc));
  const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  const offset = Math.round((shown - asUtc) / 60000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${sign}${hh}:${mm}`;
}

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2).replace('.', ',')} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(2).replace('.', ',')} Mo`;
}

export function recipientLabel(r: { name?: string | null; company?: string | null; email: string }): string {
  return [r.name, r.company, r.email].filter(Boolean).join(' | ');
}
