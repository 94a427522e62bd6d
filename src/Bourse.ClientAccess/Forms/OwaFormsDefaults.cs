namespace Bourse.ClientAccess.Forms;

/// <summary>Names and paths of the Outlook on the web forms sign-in, as Exchange uses them.</summary>
public static class OwaFormsDefaults
{
    /// <summary>The cookie authentication scheme that holds the OWA session.</summary>
    public const string AuthenticationScheme = "BourseOwaForms";

    /// <summary>
    /// The policy scheme that becomes the default: the OWA cookie for /owa requests without an Authorization header,
    /// the previous default (Client Access's "Bourse" scheme) for everything else.
    /// </summary>
    public const string SelectorScheme = "BourseOwaSelector";

    /// <summary>The value of the authentication-method claim of a forms sign-in.</summary>
    public const string AuthMethod = "Forms";

    /// <summary>Exchange's anti-forgery name: the cookie the page script reads and the header it echoes on every write.</summary>
    public const string CanaryName = "X-OWA-CANARY";

    /// <summary>The form field carrying the anti-forgery token of the sign-in form itself.</summary>
    public const string FormTokenField = "__RequestVerificationToken";

    /// <summary>Exchange's sign-in page.</summary>
    public const string LogonPath = "/owa/auth/logon.aspx";

    /// <summary>Exchange's form target (the sign-in form posts here).</summary>
    public const string FormTargetPath = "/owa/auth.owa";

    /// <summary>Exchange's sign-out.</summary>
    public const string LogoffPath = "/owa/logoff.owa";

    /// <summary>Where a signed-in user goes when no (acceptable) destination was given.</summary>
    public const string DefaultDestination = "/owa/";

    /// <summary>
    /// "Login Timeout", the status Exchange answers OWA script requests with when the session is missing or expired
    /// (the page then reloads to the sign-in form) — not a redirect, which a script would follow blindly.
    /// </summary>
    public const int LoginTimeoutStatusCode = 440;
}
