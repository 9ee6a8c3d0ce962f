import { cache } from "react";
import { syncCursorNow } from "@/lib/chat/sync";
import { getServices } from "@/lib/services";

/**
 * Where the tab's catch-up starts: the change log's end, read once per request and before any of
 * the page's data (the layout and the conversation page both await it first), so anything that
 * commits while the page renders is fetched again rather than missed.
 */
export const renderCursor = cache(() => syncCursorNow(getServices()));
