using System.Globalization;
using System.Security.Cryptography;

namespace Bourse.Directory.Passwords;

/// <summary>
/// Salted slow password hashes, self-describing so the cost can be raised later:
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;base64 salt&gt;$&lt;base64 hash&gt;</c>
/// (PBKDF2-HMAC-SHA256, RFC 8018 5.2; 16-byte random salt per hash; 32-byte derived key).
/// </summary>
internal sealed class PasswordHasher
{
    public const string Algorithm = "pbkdf2-sha256";
    public const int SaltSize = 16;
    public const int HashSize = 32;

    /// <summary>Refuse absurd costs read from a tampered database rather than spin for hours.</summary>
    private const int MaxIterations = 100_000_000;

    private readonly int _iterations;
    private readonly string _dummyHash;

    public PasswordHasher(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        _iterations = iterations;
        // A hash of a random password nobody knows: verified against when the user is unknown, disabled or has no
        // password, so that those answers cost as much time as a wrong password does.
        _dummyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
    }

    public int Iterations => _iterations;

    public string Hash(string password)
    {
        Span<byte> salt = stackalloc byte[SaltSize];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashSize];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash, _iterations, HashAlgorithmName.SHA256);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${_iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public PasswordVerification Verify(string storedHash, string password)
    {
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            VerifyDummy(password);
            return PasswordVerification.Failed;
        }

        var actual = new byte[expected.Length];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, actual, iterations, HashAlgorithmName.SHA256);
        var match = CryptographicOperations.FixedTimeEquals(actual, expected);
        CryptographicOperations.ZeroMemory(actual);
        if (!match)
            return PasswordVerification.Failed;
        return iterations < _iterations || expected.Length != HashSize || salt.Length != SaltSize
            ? PasswordVerification.SuccessRehashNeeded
            : PasswordVerification.Success;
    }

    /// <summary>Spends the time of one verification and always fails.</summary>
    public void VerifyDummy(string? password) => Verify(_dummyHash, password ?? string.Empty);

    public static bool TryParse(string? storedHash, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = storedHash?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Algorithm)
            return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations is < 1 or > MaxIterations)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length is >= 16 and <= 64;
    }
}
