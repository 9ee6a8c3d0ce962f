/**
 * The numbers behind the input rules, without the schemas: cheap to import anywhere, including
 * the browser's first load (the zod schemas in lib/validation.ts load when a form is first used).
 */
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
// scrypt cost grows with input; a ceiling keeps sign-in from becoming a CPU lever.
export const PASSWORD_MAX = 256;
export const MESSAGE_MAX = 4000;
export const ATTACHMENTS_MAX = 10;
// Own messages can be corrected for two days, as in Telegram; after that the log stays as read.
export const EDIT_WINDOW_MS = 48 * 60 * 60 * 1000;
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 100;
export const SYNC_DEFAULT_LIMIT = 200;
export const SYNC_MAX_LIMIT = 500;
export const GROUP_TITLE_MAX = 80;
// Counted in characters as people see them (code points), so an emoji is one.
export const DISPLAY_NAME_MAX = 50;
// A group is a room of people who know each other; the lobby is the place for everyone.
export const GROUP_MAX_MEMBERS = 100;
