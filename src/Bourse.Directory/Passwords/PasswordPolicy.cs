namespace Bourse.Directory.Passwords;

internal static class PasswordPolicy
{
    public const int MinLength = 8;

    /// <summary>Active Directory's limit; longer input is refused rather than hashed.</summary>
    public const int MaxLength = 256;

    public static DirectoryError Check(string? password, out string? message)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            message = $"The password must have at least {MinLength} characters.";
            return DirectoryError.WeakPassword;
        }

        if (password.Length > MaxLength)
        {
            message = $"The password must have at most {MaxLength} characters.";
            return DirectoryError.InvalidArgument;
        }

        message = null;
        return DirectoryError.None;
    }
}
