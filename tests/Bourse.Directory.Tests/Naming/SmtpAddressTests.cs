using Bourse.Directory.Naming;

namespace Bourse.Directory.Tests.Naming;

public sealed class SmtpAddressTests
{
    [Theory]
    [InlineData("alice@contoso.com", "alice", "contoso.com")]
    [InlineData("Alice.Smith@Contoso.COM", "Alice.Smith", "contoso.com")]
    [InlineData("  bob@contoso.com  ", "bob", "contoso.com")]
    [InlineData("first.last+tag@mail.contoso.co.uk", "first.last+tag", "mail.contoso.co.uk")]
    [InlineData("o'neil@contoso.com", "o'neil", "contoso.com")]
    [InlineData("x@localhost", "x", "localhost")]
    [InlineData("a-b_c@x-y.example", "a-b_c", "x-y.example")]
    public void TryParseKeepsTheLocalPartCaseAndLowerCasesTheDomain(string text, string local, string domain)
    {
        Assert.True(SmtpAddress.TryParse(text, out var address));
        Assert.Equal(local, address.LocalPart);
        Assert.Equal(domain, address.Domain);
        Assert.Equal(local + "@" + domain, address.Address);
        Assert.Equal((local + "@" + domain).ToLowerInvariant(), address.Key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("alice")]
    [InlineData("@contoso.com")]
    [InlineData("alice@")]
    [InlineData("alice@@contoso.com")]
    [InlineData("al ice@contoso.com")]
    [InlineData(".alice@contoso.com")]
    [InlineData("alice.@contoso.com")]
    [InlineData("al..ice@contoso.com")]
    [InlineData("\"alice\"@contoso.com")]
    [InlineData("Alice <alice@contoso.com>")]
    [InlineData("alice@contoso.com>")]
    [InlineData("alice@[192.168.0.1]")]
    [InlineData("alice@192.168.0.1")]
    [InlineData("alice@-contoso.com")]
    [InlineData("alice@contoso-.com")]
    [InlineData("alice@contoso..com")]
    [InlineData("alice@contoso.com.")]
    [InlineData("alice@cont_oso.com")]
    [InlineData("alïce@contoso.com")]
    [InlineData("alice@contöso.com")]
    [InlineData("alice@contoso.com\r\nRCPT TO:<x@y.z>")]
    [InlineData("alice(comment)@contoso.com")]
    public void TryParseRejectsAnythingButAPlainDotAtomAddress(string? text)
    {
        Assert.False(SmtpAddress.TryParse(text, out _));
    }

    [Fact]
    public void TryParseEnforcesRfc5321Lengths()
    {
        var local64 = new string('a', 64);
        Assert.True(SmtpAddress.TryParse(local64 + "@contoso.com", out _));
        Assert.False(SmtpAddress.TryParse(local64 + "a@contoso.com", out _));

        var label = new string('d', 63);
        var longDomain = $"{label}.{label}.{label}.{new string('d', 50)}.com"; // 63*3 + 50 + 4 dots/labels = 247
        Assert.True(SmtpAddress.TryParse("a@" + longDomain, out _));
        Assert.False(SmtpAddress.TryParse(local64 + "@" + longDomain, out _)); // over 254 in all
        Assert.False(SmtpAddress.TryParse("a@" + new string('d', 64) + ".com", out _)); // label over 63
    }

    [Theory]
    [InlineData("contoso.com", true, "contoso.com")]
    [InlineData("Contoso.COM", true, "contoso.com")]
    [InlineData("contoso.com.", true, "contoso.com")]
    [InlineData("contoso.com.", false, null)]
    [InlineData("", true, null)]
    [InlineData(".", true, null)]
    [InlineData("contoso..com", true, null)]
    [InlineData("contoso com", true, null)]
    [InlineData("10.0.0.1", true, null)]
    [InlineData("xn--bcher-kva.example", true, "xn--bcher-kva.example")]
    public void TryNormalizeDomainAcceptsHostNamesOnly(string text, bool allowTrailingDot, string? expected)
    {
        var ok = SmtpAddress.TryNormalizeDomain(text, allowTrailingDot, out var domain);

        Assert.Equal(expected is not null, ok);
        if (expected is not null)
            Assert.Equal(expected, domain);
    }
}
