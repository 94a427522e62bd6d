namespace Bourse.ClientAccess.Proxy;

/// <summary>Headers and cookies the front end adds or never lets through to a back end.</summary>
internal static class ProxyHeaders
{
    /// <summary>The signed identity a front end adds; stripped from every client request first.</summary>
    public const string Identity = "X-Bourse-Identity";

    /// <summary>Client request headers removed before forwarding.</summary>
    public static readonly string[] StrippedRequestHeaders =
    [
        // The back end trusts the signed identity, not credentials: they travel no further than the front end.
        "Authorization",
        "Proxy-Authorization",
        Identity,
        // Only the signed identity says where the client is; client-supplied forwarding headers are lies until proven.
        "Forwarded",
        "X-Forwarded-For",
        "X-Forwarded-Host",
        "X-Forwarded-Proto",
        "X-Forwarded-Prefix",
        "X-Real-IP",
        // IIS URL Rewrite honours these as the "real" URL: a path override behind the front end's back.
        "X-Original-URL",
        "X-Rewrite-URL",
        // Exchange's front-end/back-end routing and identity headers (CVE-2021-26855, CVE-2021-34523): meaningless
        // here, removed so no component behind us can ever be tempted.
        "X-BEResource",
        "X-AnonResource",
        "X-AnonResource-Backend",
        "X-BackEndCookie",
        "X-CommonAccessToken",
        "X-IsFromCafe",
        "X-SourceCafeServer",
        "msExchLogonMailbox",
        "msExchTargetMailbox",
    ];

    /// <summary>Cookie names (or prefixes, ending in '*') removed before forwarding: Exchange's back-end-choosing cookies.</summary>
    public static readonly string[] StrippedCookies = ["X-BEResource", "X-AnonResource", "X-AnonResource-Backend", "X-BackEndCookie*"];
}
