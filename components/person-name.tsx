import { shownName } from "@/lib/client/names";

/**
 * A person's name in a list: the display name, with the username under it when they chose one.
 * The username comes first for screen readers and scripts (a People link's name starts with it);
 * CSS puts it second on screen.
 */
export function PersonName({ person }: { person: { username: string; displayName: string | null } }) {
  if (person.displayName === null) return <bdi className="truncate font-medium">{person.username}</bdi>;
  return (
    <span className="flex min-w-0 flex-col leading-tight">
      <bdi className="order-2 truncate text-xs text-slate-600 dark:text-slate-300">{person.username}</bdi>{" "}
      <bdi className="order-1 truncate font-medium">{shownName(person)}</bdi>
    </span>
  );
}
