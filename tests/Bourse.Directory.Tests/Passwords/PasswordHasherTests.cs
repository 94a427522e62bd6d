using System.Security.Cryptography;
using Bourse.Directory.Passwords;
using Bourse.Directory.Sqlite;

namespace Bourse.Directory.Tests.Passwords;

public sealed class PasswordHasherTests
{
    [Fact]
    public void HashIsSelfDescribingPbkdf2Sha256WithSixteenByteSaltAndConfiguredIterations()
    {
        var hasher = new PasswordHasher(1234);

        var stored = hasher.Hash("correct horse");

        var parts = stored.Split('$');
        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1234", parts[1]);
        var salt = Convert.FromBase64String(parts[2]);
        var hash = Convert.FromBase64String(parts[3]);
        Assert.Equal(16, salt.Length);
        Assert.Equal(32, hash.Length);
        // The stored hash is exactly PBKDF2-HMAC-SHA256(password, salt, iterations).
        Assert.Equal(Rfc2898DeriveBytes.Pbkdf2("correct horse", salt, 1234, HashAlgorithmName.SHA256, 32), hash);
    }

    [Fact]
    public void HashUsesAFreshSaltEveryTime()
    {
        var hasher = new PasswordHasher(1000);

        var a = hasher.Hash("same password");
        var b = hasher.Hash("same password");

        Assert.NotEqual(a, b);
        Assert.NotEqual(a.Split('$')[2], b.Split('$')[2]);
    }

    [Fact]
    public void VerifyAcceptsTheRightPasswordAndRejectsAWrongOne()
    {
        var hasher = new PasswordHasher(1000);
        var stored = hasher.Hash("correct horse");

        Assert.Equal(PasswordVerification.Success, hasher.Verify(stored, "correct horse"));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(stored, "correct horsE"));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(stored, ""));
    }

    [Fact]
    public void VerifyAsksForARehashWhenTheStoredCostIsBelowTheConfiguredOne()
    {
        var stored = new PasswordHasher(1000).Hash("correct horse");
        var stronger = new PasswordHasher(2000);

        Assert.Equal(PasswordVerification.SuccessRehashNeeded, stronger.Verify(stored, "correct horse"));
        Assert.Equal(PasswordVerification.Failed, stronger.Verify(stored, "wrong horse"));
    }

    [Fact]
    public void VerifyDoesNotAskToLowerTheCostOfAStrongerHash()
    {
        var stored = new PasswordHasher(2000).Hash("correct horse");

        Assert.Equal(PasswordVerification.Success, new PasswordHasher(1000).Verify(stored, "correct horse"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("md5$1000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$abc$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$0$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$999999999$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$not base64!$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$aGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==$extra")]
    public void VerifyFailsForMalformedStoredHashes(string stored)
    {
        var hasher = new PasswordHasher(1000);

        Assert.False(PasswordHasher.TryParse(stored, out _, out _, out _));
        Assert.Equal(PasswordVerification.Failed, hasher.Verify(stored, "anything at all"));
    }

    [Fact]
    public void TheDefaultCostIsAtLeast210000Iterations()
    {
        var options = new SqliteDirectoryOptions { DataDirectory = "unused" };

        Assert.True(options.PasswordHashIterations >= 210_000);
        var stored = new PasswordHasher(options.PasswordHashIterations).Hash("correct horse");
        Assert.True(PasswordHasher.TryParse(stored, out var iterations, out _, out _));
        Assert.True(iterations >= 210_000);
    }
}
