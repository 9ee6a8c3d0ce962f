// Ids the skip link jumps to, kept apart from the components that render them: importing an id
// must not bring a whole component (the message composer) into every page's first load.

/** The skip link's target in a chat: one conversation, so one message box, is on screen at a time. */
export const MESSAGE_BOX_ID = "message-box";
/** The skip link's target on pages without a chat open. */
export const FIND_PEOPLE_ID = "find-people";
