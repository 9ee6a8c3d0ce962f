"use client";

import { useId, useState } from "react";
import type { Profile } from "@/lib/chat/types";
import { normalise } from "@/lib/client/chat-list";
import { shownName } from "@/lib/client/names";
import { PersonName } from "./person-name";

// Past this many people a filter box comes first, so nobody scrolls a whole site to find one name.
const FILTER_FROM = 8;

/**
 * One checkbox per person, labelled with their name; `picked` holds the ticked ids. With many
 * people, a filter narrows the list by name; those already ticked always stay in view.
 */
export function PeoplePicker({
  people,
  picked,
  onChange,
  className = "",
}: {
  people: readonly Profile[];
  picked: ReadonlySet<number>;
  onChange: (picked: Set<number>) => void;
  className?: string;
}) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const query = normalise(filter);
  const shown = query === "" ? people : people.filter((p) => picked.has(p.id) || [p.username, shownName(p)].some((n) => normalise(n).includes(query)));
  return (
    <>
      {people.length > FILTER_FROM && (
        <input
          id={`${id}-filter`}
          type="search"
          aria-label="Filter people"
          placeholder="Filter people"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          autoComplete="off"
          className="mb-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-950"
        />
      )}
      {shown.map((p) => (
        <label key={p.id} className={`flex min-h-9 items-center gap-2 ${className}`}>
          <input
            type="checkbox"
            checked={picked.has(p.id)}
            onChange={(e) => {
              const next = new Set(picked);
              if (e.target.checked) next.add(p.id);
              else next.delete(p.id);
              onChange(next);
            }}
          />
          <PersonName person={p} />
        </label>
      ))}
      {shown.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-300">No one by that name.</p>}
    </>
  );
}
