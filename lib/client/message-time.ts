/**
 * A message's time as the reader's locale writes it, without a leading zero on the hour ("8:05 PM",
 * "20:05"), and the full date and time for hover and focus. `locale` undefined: the browser's.
 */
export function messageTimeFormats(locale?: string) {
  const time = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit" });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return { time: (date: Date) => time.format(date), full: (date: Date) => full.format(date) };
}
