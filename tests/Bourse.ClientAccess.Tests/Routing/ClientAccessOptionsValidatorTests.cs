using Bourse.ClientAccess.Routing;

namespace Bourse.ClientAccess.Tests.Routing;

public sealed class ClientAccessOptionsValidatorTests
{
    private const string Secret = "validator-tests-secret-0123456789-abcdef";

    private static bool Valid(ClientAccessOptions options) => new ClientAccessOptionsValidator().Validate(null, options).Succeeded;

    [Fact]
    public void TheDefaultAllInOneConfigurationIsValid()
    {
        Assert.True(Valid(new ClientAccessOptions()));
    }

    [Fact]
    public void SplitRolesNeedALongSharedSecret()
    {
        Assert.False(Valid(new ClientAccessOptions { Role = ClientAccessRole.Backend }));
        Assert.False(Valid(new ClientAccessOptions { Role = ClientAccessRole.Backend, SharedSecret = "short" }));
        Assert.True(Valid(new ClientAccessOptions { Role = ClientAccessRole.Backend, SharedSecret = Secret }));
        Assert.False(Valid(new ClientAccessOptions { SharedSecret = "short" }));
    }

    [Fact]
    public void AFrontendNeedsBackends()
    {
        Assert.False(Valid(new ClientAccessOptions { Role = ClientAccessRole.Frontend, SharedSecret = Secret }));
        Assert.True(Valid(new ClientAccessOptions { Role = ClientAccessRole.Frontend, SharedSecret = Secret, Backends = { ["DB01"] = "https://127.0.0.1:4444" } }));
    }

    [Theory]
    [InlineData("https://127.0.0.1:4444/", true)]
    [InlineData("https://mailbox1.bourse.test", true)]
    [InlineData("http://127.0.0.1:4444/", false)]
    [InlineData("https://127.0.0.1:4444/owa/", false)]
    [InlineData("https://127.0.0.1:4444/?x=1", false)]
    [InlineData("https://user:pw@127.0.0.1:4444/", false)]
    [InlineData("127.0.0.1:4444", false)]
    [InlineData("", false)]
    public void BackendsAreBareHttpsOrigins(string url, bool valid)
    {
        Assert.Equal(valid, Valid(new ClientAccessOptions { Role = ClientAccessRole.Frontend, SharedSecret = Secret, Backends = { ["DB01"] = url } }));
    }

    [Theory]
    [InlineData("A94A8FE5CCB19BA61C4C0873D391E987982FBBD3", true)]
    [InlineData("a9:4a:8f:e5:cc:b1:9b:a6:1c:4c:08:73:d3:91:e9:87:98:2f:bb:d3", true)]
    [InlineData("2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824", true)]
    [InlineData("A94A8FE5", false)]
    [InlineData("not-hex-not-hex-not-hex-not-hex-not-hex!", false)]
    public void PinsAreSha1OrSha256Thumbprints(string thumbprint, bool valid)
    {
        Assert.Equal(valid, Valid(new ClientAccessOptions { BackendCertificateThumbprints = { thumbprint } }));
    }

    [Fact]
    public void IdentityLifetimeIsShort()
    {
        Assert.False(Valid(new ClientAccessOptions { IdentityLifetime = TimeSpan.Zero }));
        Assert.False(Valid(new ClientAccessOptions { IdentityLifetime = TimeSpan.FromHours(1) }));
    }
}
