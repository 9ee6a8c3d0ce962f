import { redirect } from "next/navigation";
import type { PublicUser } from "../chat/types";
import { currentUser } from "./current-user";

/** For pages: the proxy already sent signed-out visitors to /login; this covers a user gone since. */
export async function requireUser(): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}
