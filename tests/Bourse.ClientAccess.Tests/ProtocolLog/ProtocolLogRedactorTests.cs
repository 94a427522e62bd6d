using Bourse.ClientAccess.ProtocolLog;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Tests.ProtocolLog;

public sealed class ProtocolLogRedactorTests
{
    [Theory]
    [InlineData("", null)]
    [InlineData("?", null)]
    [InlineData("?Cmd=Sync&User=alice", "Cmd=Sync&User=alice")]
    [InlineData("?access_token=eyJhbGci", "access_token=***")]
    [InlineData("?password=hunter2&PASSWORD=x&passwd=y&pwd=z", "password=***&PASSWORD=***&passwd=***&pwd=***")]
    [InlineData("?code=abc&state=s&id_token=t&refresh_token=r", "code=***&state=s&id_token=***&refresh_token=***")]
    [InlineData("?client_secret=x&sig=y&X-OWA-CANARY=z", "client_secret=***&sig=***&X-OWA-CANARY=***")]
    [InlineData("?acc%65ss_token=sneaky", "access_token=***")]
    [InlineData("?jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l", "***")]
    [InlineData("?a=1%0d%0aFAKE", "a=1??FAKE")]
    [InlineData("?&&x=1&&", "x=1")]
    public void QueryValuesThatMayBeCredentialsAreReplaced(string query, string? expected) =>
        Assert.Equal(expected, ProtocolLogRedactor.RedactQuery(new QueryString(query.Length == 0 ? null : query)));

    [Fact]
    public void LongQueriesAreCapped()
    {
        var redacted = ProtocolLogRedactor.RedactQuery(new QueryString("?" + string.Join('&', Enumerable.Range(0, 200).Select(i => $"p{i}=value{i}"))));
        Assert.True(redacted!.Length <= 513);
    }
}
