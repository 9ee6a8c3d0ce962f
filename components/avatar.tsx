import { avatarColour, initials } from "@/lib/client/avatar";

interface Props {
  /** The name shown: its initials are drawn. */
  name: string;
  /** What the colour follows (a person's username), so it stays when they change their display name. */
  colourKey?: string;
  /** Private chats and people: a dot for online (the words are beside it for screen readers). */
  online?: boolean;
  group?: boolean;
  size?: "sm" | "md";
}

/** Initials on a colour that belongs to the name; a photo replaces it once profiles have one. */
export function Avatar({ name, colourKey = name, online, group = false, size = "md" }: Props) {
  return (
    <span aria-hidden="true" className="relative shrink-0">
      <span
        className={`flex items-center justify-center font-semibold text-white ${avatarColour(colourKey)} ${
          size === "md" ? "size-11 text-base" : "size-8 text-sm"
        } ${group ? "rounded-xl" : "rounded-full"}`}
      >
        {initials(name)}
      </span>
      {online && <span className="absolute right-0 bottom-0 size-3 rounded-full border-2 border-white bg-emerald-600 dark:border-slate-900" />}
    </span>
  );
}
