const XMLTV_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?\s*(?:([+-])(\d{2}):?(\d{2})|Z|UTC|GMT)?$/i;

/**
 * An XMLTV time (`20240101120000 +0100`, `202401011200`, `20240101120000 Z`) as milliseconds
 * since the epoch, UTC. No offset means UTC, as the XMLTV DTD says. Null when unreadable.
 */
export function parseXmltvTime(text: string): number | null {
  const m = XMLTV_TIME.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  if (!m[7]) return local;
  const offsetMinutes = (Number(m[8]) * 60 + Number(m[9])) * (m[7] === '-' ? -1 : 1);
  return local - offsetMinutes * 60_000;
}
