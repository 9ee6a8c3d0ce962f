import { avatarColour, initials } from "@/lib/client/avatar";

interface Props {
  /** The name shown: its initials are drawn. */
  name: string;
  /** What the colour follows (a person's username), so it stays when they change their display name. */
  colourKey?: string;
  /** Their photo, drawn instead of the initials. */
  photoUrl?: string | null;
  /** Private chats and people: a dot for online (the words are beside it for screen readers). */
  online?: boolean;
  group?: boolean;
  size?: "sm" | "md" | "lg";
}

const BOX = { sm: "size-8 text-sm", md: "size-11 text-base", lg: "size-20 text-2xl" } as const;
const PIXELS = { sm: 32, md: 44, lg: 80 } as const;

/** A person's photo, or their initials on a colour that belongs to them; decoration only (the name is beside it). */
export function Avatar({ name, colourKey = name, photoUrl, online, group = false, size = "md" }: Props) {
  return (
    <span aria-hidden="true" className="relative shrink-0">
      {photoUrl ? (
        <img src={photoUrl} alt="" width={PIXELS[size]} height={PIXELS[size]} className={`${BOX[size]} rounded-full object-cover`} />
      ) : (
        <span
          className={`flex items-center justify-center font-semibold text-white ${avatarColour(colourKey)} ${BOX[size]} ${group ? "rounded-xl" : "rounded-full"}`}
        >
          {initials(name)}
        </span>
      )}
      {online && <span className="absolute right-0 bottom-0 size-3 rounded-full border-2 border-white bg-emerald-600 dark:border-slate-900" />}
    </span>
  );
}
