/**
 * A message's time as the reader's locale writes it, without a leading zero on the hour ("8:05 PM",
 * "20:05"), and the full date and time for hover and focus. `locale` undefined: the browser's;
 * `timeZone` undefined: the runtime's.
 */
export function messageTimeFormats(locale?: string, timeZone?: string) {
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  return { time: (date: Date) => time.format(date), full: (date: Date) => full.format(date) };
}

export type MessageTimeFormats = ReturnType<typeof messageTimeFormats>;

const byZone = new Map<string, MessageTimeFormats>();

/** One pair of formatters per zone: building them is slow, and every message shows a time. */
export function timeFormatsFor(timeZone: string): MessageTimeFormats {
  let formats = byZone.get(timeZone);
  if (!formats) {
    formats = messageTimeFormats(undefined, timeZone);
    byZone.set(timeZone, formats);
  }
  return formats;
}
