/** "Firefox on Linux" from a user agent: enough for a person to recognise their own device. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrom(e|ium)\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : /curl\//i.test(ua)
              ? "curl"
              : "Browser";
  // A TV or streaming stick says so somewhere in its user agent (attack37, newcomer39: a Tizen TV read as
  // "Chrome on Linux", like the phone approving it).
  const tv = TV_MARKS.find(([mark]) => mark.test(ua));
  if (tv) return `${browser} on a TV (${tv[1]})`;
  const os = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad|iOS/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  return os ? `${browser} on ${os}` : browser;
}

/** A TV platform's mark in a user agent and its name, the most specific first. */
const TV_MARKS: Array<[RegExp, string]> = [
  [/Tizen/i, "Samsung Tizen"],
  [/Web0S|webOS/i, "LG webOS"],
  [/NetCast/i, "LG NetCast"],
  [/CrKey/, "Chromecast"],
  [/AppleTV/i, "Apple TV"],
  [/GoogleTV/i, "Google TV"],
  [/AFT[A-Z]/, "Fire TV"],
  [/BRAVIA/i, "Sony Bravia"],
  [/Roku/i, "Roku"],
  [/Android TV/i, "Android TV"],
  [/SMART-TV|SmartTV|HbbTV/i, "Smart TV"],
];
