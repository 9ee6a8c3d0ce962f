"use client";

import { useEffect } from "react";
import { titleWithUnread } from "@/lib/chat/unread";

const UNREAD_PREFIX = /^\(\d+\) /;
const ICON = "/icon.svg";
const ICON_UNREAD = "/icon-unread.svg";

/**
 * Keeps the unread count in front of the tab title and a dot on the favicon.
 * Next.js writes each page's title after navigating, at a moment no effect can
 * order itself against, so the head is watched and mended whenever it changes.
 */
export function useUnreadTitle(unread: number): void {
  useEffect(() => {
    const apply = () => {
      const wanted = titleWithUnread(document.title.replace(UNREAD_PREFIX, ""), unread);
      if (document.title !== wanted) document.title = wanted;
      const href = unread > 0 ? ICON_UNREAD : ICON;
      for (const link of document.head.querySelectorAll<HTMLLinkElement>('link[rel="icon"]')) {
        if (link.getAttribute("href")?.split("?")[0] !== href) link.setAttribute("href", href);
      }
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true, attributes: true });
    return () => observer.disconnect();
  }, [unread]);
}
