/** Hides the password in a connection URL so it can be printed ("postgres://u:***@h/db"). */
export const redactUrl = (url: string): string => {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "[unparseable url]";
  }
};
