"use client";

import type { PublicUser } from "@/lib/chat/types";

/** One checkbox per person, labelled with their name; `picked` holds the ticked ids. */
export function PeoplePicker({
  people,
  picked,
  onChange,
  className = "",
}: {
  people: readonly PublicUser[];
  picked: ReadonlySet<number>;
  onChange: (picked: Set<number>) => void;
  className?: string;
}) {
  return people.map((p) => (
    <label key={p.id} className={`flex items-center gap-2 ${className}`}>
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
      {p.username}
    </label>
  ));
}
