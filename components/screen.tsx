import Link from "next/link";
import type { ReactNode } from "react";

/** A page in the main pane that is not a chat (new group, settings): its title, and the way back on a phone. */
export function Screen({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="flex min-h-0 flex-1 flex-col overflow-y-auto p-4">
      <Link href="/" className="mb-2 self-start rounded-md px-2 py-1 text-blue-700 md:hidden dark:text-blue-300" aria-label="Back to chats">
        ← Chats
      </Link>
      <h1 id={id} className="mb-4 text-xl font-semibold">
        {title}
      </h1>
      {children}
    </section>
  );
}
