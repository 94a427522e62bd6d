namespace Bourse.ClientAccess.Auth;

/// <summary>Claim types on the principal Client Access authenticates.</summary>
public static class BourseClaimTypes
{
    /// <summary>The directory mailbox GUID ("D" format).</summary>
    public const string MailboxId = "urn:bourse:mailbox-id";

    /// <summary>The user's primary SMTP address.</summary>
    public const string PrimarySmtpAddress = "urn:bourse:primary-smtp";

    /// <summary>The mailbox database that holds the mailbox. Not carried on Client Access's principals (the directory user has it).</summary>
    public const string Database = "urn:bourse:database";

    /// <summary>The legacyExchangeDN. Not carried on Client Access's principals (the directory user has it).</summary>
    public const string LegacyExchangeDn = "urn:bourse:legacy-dn";

    /// <summary>How the user signed in: one of <see cref="BourseAuthMethods"/>.</summary>
    public const string AuthMethod = System.Security.Claims.ClaimTypes.AuthenticationMethod;
}
