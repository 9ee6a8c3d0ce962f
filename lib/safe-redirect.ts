/** Only same-site paths: "//evil.example" and absolute URLs would turn sign-in into an open redirect. */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) {
    return "/";
  }
  return value;
}
