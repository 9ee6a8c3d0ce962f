import { notFound, redirect } from "next/navigation";
import { StartConversation } from "@/components/start-conversation";
import { requireUser } from "@/lib/auth/require-user";
import { findPrivateConversation } from "@/lib/chat/conversations";
import { getServices } from "@/lib/services";
import { idParamSchema } from "@/lib/validation";

function CannotMessage({ reason }: { reason: string }) {
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-center">
      <div>
        <h1 className="mb-2 text-xl font-semibold">{reason}</h1>
        <p className="text-slate-600 dark:text-slate-300">One of you has blocked the other.</p>
      </div>
    </div>
  );
}

/**
 * A person's address: their existing private conversation, or a page that asks before starting one.
 * Nothing is created here: a GET can be triggered by a link on any site (the People list starts new
 * conversations with a POST instead).
 */
export default async function WithUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const me = await requireUser();
  const peerId = idParamSchema.safeParse((await params).userId);
  if (!peerId.success || peerId.data === me.id) notFound();
  const services = getServices();
  const peer = await services.store.getProfile(peerId.data);
  if (!peer) notFound();
  const existing = await findPrivateConversation(services, me.id, peer.id);
  if (existing !== null) redirect(`/c/${existing}`);
  if (await services.store.isBlockedEitherWay(me.id, peer.id)) return <CannotMessage reason="You cannot message this person" />;
  return <StartConversation peerId={peer.id} peerName={peer.displayName ?? peer.username} />;
}
