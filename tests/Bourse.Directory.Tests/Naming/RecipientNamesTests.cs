using Bourse.Directory.Naming;

namespace Bourse.Directory.Tests.Naming;

public sealed class RecipientNamesTests
{
    [Theory]
    [InlineData("alice", "Alice")]
    [InlineData("john.smith", "John Smith")]
    [InlineData("mary-jane_o'neil", "Mary-Jane O'Neil")]
    [InlineData("McDonald", "McDonald")]
    [InlineData("j..doe", "J Doe")]
    [InlineData("room42", "Room42")]
    [InlineData("conf.room+a", "Conf Room+a")]
    public void DefaultDisplayNameCapitalisesTheWordsOfTheLocalPart(string local, string expected)
    {
        Assert.Equal(expected, RecipientNames.DefaultDisplayName(local));
    }

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("christopher.montgomery", "christopher.montgome")]
    [InlineData("abcdefghijklmnopqrs.tuv", "abcdefghijklmnopqrs")] // cut at 20, then the trailing '.' goes
    [InlineData("a+b=c", "a_b_c")]
    [InlineData("x/y", "x_y")]
    public void SamAccountNameBaseIsTheLocalPartWithoutForbiddenCharactersAtMost20Long(string local, string expected)
    {
        Assert.Equal(expected, RecipientNames.SamAccountNameBase(local));
    }

    [Fact]
    public void SamAccountNameCandidateAppendsANumberWithinTwentyCharacters()
    {
        Assert.Equal("alice", RecipientNames.SamAccountNameCandidate("alice", 0));
        Assert.Equal("alice1", RecipientNames.SamAccountNameCandidate("alice", 1));
        Assert.Equal("abcdefghijklmnopqrs2", RecipientNames.SamAccountNameCandidate("abcdefghijklmnopqrst", 2));
        Assert.Equal("abcdefghijklmnopqr12", RecipientNames.SamAccountNameCandidate("abcdefghijklmnopqrst", 12));
    }

    [Fact]
    public void LegacyDnFollowsTheExchange2013RecipientForm()
    {
        var guid = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

        var dn = RecipientNames.LegacyDn(RecipientNames.LegacyDnPrefix("Contoso"), guid, "alice.smith");

        Assert.Equal("/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0f1e2d3c4b5a69788796a5b4c3d2e1f0-alice.smith", dn);
    }

    [Fact]
    public void LegacyDnKeepsTheCommonNameWithin64Characters()
    {
        var dn = RecipientNames.LegacyDn("/o=X/ou=Y", Guid.NewGuid(), new string('a', 64));
        var cn = dn[(dn.LastIndexOf("/cn=", StringComparison.Ordinal) + 4)..];

        Assert.Equal(64, cn.Length);
    }

    [Fact]
    public void LegacyDnDropsCharactersThatDoNotBelongInADn()
    {
        var dn = RecipientNames.LegacyDn("/o=X/ou=Y", Guid.Empty, "a/b=c+d");
        Assert.EndsWith("-abcd", dn, StringComparison.Ordinal);
        Assert.EndsWith("-recipient", RecipientNames.LegacyDn("/o=X/ou=Y", Guid.Empty, "+++"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contoso.com", "CONTOSO")]
    [InlineData("localhost", "LOCALHOST")]
    [InlineData("averyveryverylongname.example", "AVERYVERYVERYLO")]
    public void NetBiosNameIsTheUpperCaseFirstLabelAtMost15Long(string domain, string expected)
    {
        Assert.Equal(expected, RecipientNames.NetBiosName(domain));
        Assert.Equal(expected, DirectoryNames.NetBiosDomainName(domain));
    }

    [Theory]
    [InlineData("Contoso", true)]
    [InlineData("Contoso Ltd.", true)]
    [InlineData("First_Org-1", true)]
    [InlineData("", false)]
    [InlineData(" Contoso", false)]
    [InlineData("Con/toso", false)]
    [InlineData("Con=toso", false)]
    [InlineData("Contöso", false)]
    public void IsValidOrganizationNameKeepsLegacyDnsParseable(string name, bool valid)
    {
        Assert.Equal(valid, RecipientNames.IsValidOrganizationName(name));
    }

    [Fact]
    public void DirectoryNamesExposesTheAddressAndDomainRules()
    {
        Assert.True(DirectoryNames.IsValidSmtpAddress("alice@contoso.com"));
        Assert.False(DirectoryNames.IsValidSmtpAddress("alice"));
        Assert.True(DirectoryNames.IsValidDomain("contoso.com."));
        Assert.False(DirectoryNames.IsValidDomain("contoso..com"));
    }
}
