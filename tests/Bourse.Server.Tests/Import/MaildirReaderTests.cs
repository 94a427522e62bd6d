using Bourse.Server.Import;

namespace Bourse.Server.Tests.Import;

public sealed class MaildirReaderTests
{
    [Theory]
    [InlineData("1700000000.M1P1.host:2,S", true)]
    [InlineData("1700000000.M1P1.host:2,FRS", true)]
    [InlineData("1700000000.M1P1.host!2,S", true)]
    [InlineData("1700000000.M1P1.host;2,S", true)]
    [InlineData("1700000000.M1P1.host:2,FR", false)]
    [InlineData("1700000000.M1P1.host:2,", false)]
    [InlineData("1700000000.M1P1.host", false)]
    [InlineData("1700000000.M1P1.host:1,S", false)]
    public void SeenFlag(string name, bool seen) => Assert.Equal(seen, MaildirReader.IsSeen(name));

    [Theory]
    [InlineData("Sent", "Sent")]
    [InlineData("Entw&APw-rfe", "Entwürfe")]
    [InlineData("&ZeVnLIqe-", "日本語")]
    [InlineData("A&-B", "A&B")]
    [InlineData("broken&", "broken&")]
    public void ImapModifiedUtf7Names(string encoded, string decoded) => Assert.Equal(decoded, ImapUtf7.Decode(encoded));
}
