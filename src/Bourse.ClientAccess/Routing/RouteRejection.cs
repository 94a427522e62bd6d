namespace Bourse.ClientAccess.Routing;

/// <summary>Why a request was refused before it reached a handler. The numbers are stable (they appear in logs).</summary>
internal enum RouteRejection
{
    None = 0,

    // ---- syntax: 400 ----------------------------------------------------------------------------
    /// <summary>Not origin-form or absolute-form (RFC 9112 3.2), or a fragment in the target.</summary>
    MalformedTarget = 1,
    /// <summary>A '%' not followed by two hex digits (RFC 3986 2.1), including IIS's non-standard %uXXXX.</summary>
    MalformedPercentEncoding = 2,

    // ---- request filtering: 404, as IIS request filtering answers ----------------------------------
    /// <summary>A decoded '%': double encoding (IIS 404.11).</summary>
    DoubleEncoding = 10,
    /// <summary>%2F in the path: an encoded slash would hide a segment boundary from the prefix match.</summary>
    EncodedSlash = 11,
    /// <summary>'\' raw or as %5C: IIS treats it as '/', so it would hide a segment boundary.</summary>
    Backslash = 12,
    /// <summary>NUL or another control character after decoding.</summary>
    ControlCharacter = 13,
    /// <summary>A byte ≥ 0x80 that is not valid UTF-8, including overlong forms such as %C0%AF.</summary>
    InvalidUtf8 = 14,
    /// <summary>Non-ASCII text in the path (IIS 404.12, high-bit characters; best-fit mappings of look-alike '/' and '.').</summary>
    NonAsciiPath = 15,
    /// <summary>A character outside the path allow-list (';', ':', space, quotes, angle brackets …).</summary>
    ForbiddenCharacter = 16,
    /// <summary>A '.' or '..' segment (or one made of dots / ending in a dot) after decoding (IIS 404.5).</summary>
    DotSegment = 17,
    /// <summary>An empty segment ("//").</summary>
    EmptySegment = 18,
    /// <summary>The path or query is longer than any client sends (IIS 404.14 / 404.15).</summary>
    TooLong = 19,
    /// <summary>No protocol serves this path.</summary>
    UnknownPath = 20,
    /// <summary>A reserved prefix (/ecp) that nothing serves yet.</summary>
    ReservedPath = 21,
    /// <summary>An '@' where no explicit-logon form puts one, or an explicit-logon address that is not an address.</summary>
    MalformedExplicitLogon = 22,
    /// <summary>A path, '@' address-with-path or endpoint name hidden in the query string (CVE-2021-34473 ProxyShell, IIS 404.18).</summary>
    QuerySmuggling = 23,
    /// <summary>The same routing parameter twice (HTTP parameter pollution).</summary>
    DuplicateParameter = 24,

    // ---- authorization and placement ------------------------------------------------------------
    /// <summary>The explicit-logon target is not the authenticated user's mailbox: 403.</summary>
    AnotherMailbox = 30,
    /// <summary>An identity header that is not a valid, fresh signature from a front end: 403.</summary>
    ForgedIdentity = 31,
    /// <summary>The mailbox's database is not served here (a back end reached for another database): 421.</summary>
    Misdirected = 32,
    /// <summary>No back end is configured for the mailbox's database: 503.</summary>
    NoBackend = 33,
    /// <summary>The authenticated principal carries no mailbox, or the directory no longer knows it: 403.</summary>
    UnknownMailbox = 34,
}
