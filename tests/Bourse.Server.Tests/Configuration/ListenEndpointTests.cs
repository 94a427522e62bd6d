using System.Net;
using Bourse.Server.Configuration;

namespace Bourse.Server.Tests.Configuration;

public sealed class ListenEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:8443", "127.0.0.1", 8443)]
    [InlineData("0.0.0.0:443", "0.0.0.0", 443)]
    [InlineData("[::]:443", "::", 443)]
    [InlineData("https://10.1.2.3:4443/", "10.1.2.3", 4443)]
    public void ParsesAddressAndPort(string text, string address, int port)
    {
        Assert.True(ListenEndpoint.TryParse(text, out var endpoint));
        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Fact]
    public void StarMeansAllInterfacesAndLocalhostMeansLoopback()
    {
        Assert.True(ListenEndpoint.TryParse("*:443", out var any));
        Assert.True(any.AnyAddress);
        Assert.True(ListenEndpoint.TryParse("localhost:8443", out var local));
        Assert.Null(local.Address);
        Assert.Equal("https://localhost:8443", local.Display("https"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("8443")]
    [InlineData("host.example:443")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("[::1]")]
    public void RejectsInvalid(string text) => Assert.False(ListenEndpoint.TryParse(text, out _));

    [Fact]
    public void ParsesLists()
    {
        var list = ListenEndpoint.ParseList("0.0.0.0:443; [::]:443,127.0.0.1:8443", "Bourse:Https", out var error);
        Assert.Null(error);
        Assert.Equal(3, list!.Count);
        Assert.Null(ListenEndpoint.ParseList("0.0.0.0:443;bad", "Bourse:Https", out error));
        Assert.Contains("'bad'", error, StringComparison.Ordinal);
    }
}
