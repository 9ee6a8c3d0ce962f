import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/require-user";
import { openPrivateConversation } from "@/lib/chat/conversations";
import { ChatError } from "@/lib/chat/errors";
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

/** Opens (creating once) the private conversation with a person, then shows it at its stable URL. */
export default async function WithUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const me = await requireUser();
  const peerId = idParamSchema.safeParse((await params).userId);
  if (!peerId.success) notFound();
  let conversationId: number;
  try {
    conversationId = openPrivateConversation(getServices(), me.id, peerId.data).id;
  } catch (error) {
    if (error instanceof ChatError && error.code === "forbidden") return <CannotMessage reason={error.message} />;
    if (error instanceof ChatError) notFound();
    throw error;
  }
  redirect(`/c/${conversationId}`);
}
