namespace Bourse.Directory.Passwords;

internal enum PasswordVerification
{
    Failed = 0,
    Success = 1,

    /// <summary>The password is right but the stored hash is weaker than the configured one; store a fresh hash.</summary>
    SuccessRehashNeeded = 2,
}
