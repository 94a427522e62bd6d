using System.Net;
using Bourse.ClientAccess.Proxy;
using Bourse.ClientAccess.Routing;
using Bourse.ClientAccess.Tests.Infrastructure;
using Bourse.Core.Ids;

namespace Bourse.ClientAccess.Tests.Proxy;

public sealed class BackendIdentitySignerTests
{
    private const string Secret = "signer-tests-secret-0123456789-abcdefghij";
    private static readonly MailboxId Mailbox = new(Guid.Parse("5d1fd4ab-9b5e-4d56-a3f1-4b4c2d1b2a1f"));

    private readonly ManualTimeProvider _time = new();

    private BackendIdentitySigner Signer(string? secret = Secret) =>
        new(new StaticOptionsMonitor<ClientAccessOptions>(new ClientAccessOptions { SharedSecret = secret }), _time);

    private string Sign(BackendIdentitySigner signer, string method = "GET", string path = "/EWS/Exchange.asmx") =>
        signer.Sign(signer.Issue(Mailbox, "NTLM", IPAddress.Parse("192.0.2.7")), method, path)!;

    [Fact]
    public void ASignedIdentityVerifiesForTheSameRequest()
    {
        var signer = Signer();
        var header = Sign(signer);

        Assert.Equal(BackendIdentityError.None, signer.Verify(header, "GET", "/EWS/Exchange.asmx", out var identity));
        Assert.Equal(Mailbox, identity!.Mailbox);
        Assert.Equal("NTLM", identity.AuthMethod);
        Assert.Equal("192.0.2.7", identity.ClientAddress);
        Assert.StartsWith("v1;5d1fd4ab9b5e4d56a3f14b4c2d1b2a1f;NTLM;", header);
    }

    [Fact]
    public void IPv6ClientAddressesRoundTrip()
    {
        var signer = Signer();
        var header = signer.Sign(signer.Issue(Mailbox, "Basic", IPAddress.IPv6Loopback), "GET", "/owa/")!;

        Assert.Equal(BackendIdentityError.None, signer.Verify(header, "GET", "/owa/", out var identity));
        Assert.Equal("::1", identity!.ClientAddress);
    }

    [Fact]
    public void AnotherSecretIsABadSignature()
    {
        var header = Sign(Signer("another-secret-0123456789-abcdefghijklmnop"));

        Assert.Equal(BackendIdentityError.BadSignature, Signer().Verify(header, "GET", "/EWS/Exchange.asmx", out var identity));
        Assert.Null(identity);
    }

    [Theory]
    [InlineData("POST", "/EWS/Exchange.asmx")]
    [InlineData("GET", "/EWS/Exchange.asmx?x=1")]
    [InlineData("GET", "/owa/")]
    public void AHeaderIsBoundToItsRequest(string method, string path)
    {
        var signer = Signer();

        Assert.Equal(BackendIdentityError.BadSignature, signer.Verify(Sign(signer), method, path, out _));
    }

    [Theory]
    [InlineData(1, "6d1fd4ab9b5e4d56a3f14b4c2d1b2a1f")]
    [InlineData(2, "Basic")]
    [InlineData(3, "1748779201")]
    [InlineData(4, "203.0.113.1")]
    public void AlteringAnyFieldBreaksTheSignature(int field, string value)
    {
        var signer = Signer();
        var parts = Sign(signer).Split(';');
        parts[field] = value;

        Assert.Equal(BackendIdentityError.BadSignature, signer.Verify(string.Join(';', parts), "GET", "/EWS/Exchange.asmx", out _));
    }

    [Fact]
    public void AnOldOrFutureHeaderIsExpired()
    {
        var signer = Signer();
        var header = Sign(signer);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(BackendIdentityError.None, signer.Verify(header, "GET", "/EWS/Exchange.asmx", out _));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(BackendIdentityError.Expired, signer.Verify(header, "GET", "/EWS/Exchange.asmx", out _));

        _time.Advance(TimeSpan.FromMinutes(-2));
        Assert.Equal(BackendIdentityError.Expired, signer.Verify(header, "GET", "/EWS/Exchange.asmx", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("v2;5d1fd4ab9b5e4d56a3f14b4c2d1b2a1f;NTLM;1748779200;-;AAAA")]
    [InlineData("v1;not-a-guid;NTLM;1748779200;-;AAAA")]
    [InlineData("v1;5d1fd4ab9b5e4d56a3f14b4c2d1b2a1f;NT LM;1748779200;-;AAAA")]
    [InlineData("v1;5d1fd4ab9b5e4d56a3f14b4c2d1b2a1f;NTLM;-5;-;AAAA")]
    [InlineData("v1;5d1fd4ab9b5e4d56a3f14b4c2d1b2a1f;NTLM;1748779200;evil.com;AAAA")]
    [InlineData("v1;5d1fd4ab9b5e4d56a3f14b4c2d1b2a1f;NTLM;1748779200;-;AAAA")]
    [InlineData("v1;5d1fd4ab9b5e4d56a3f14b4c2d1b2a1f;NTLM;1748779200;-;!!!!;extra")]
    public void MalformedHeadersAreRefused(string header)
    {
        Assert.Equal(BackendIdentityError.Malformed, Signer().Verify(header, "GET", "/", out _));
    }

    [Fact]
    public void WithoutASecretNothingIsSignedOrVerified()
    {
        var signer = Signer(null);

        Assert.Null(signer.Sign(signer.Issue(Mailbox, "Basic", null), "GET", "/"));
        Assert.Equal(BackendIdentityError.NotConfigured, signer.Verify("v1;x", "GET", "/", out _));
        Assert.Equal(BackendIdentityError.NotConfigured, Signer("short").Verify("v1;x", "GET", "/", out _));
    }
}
