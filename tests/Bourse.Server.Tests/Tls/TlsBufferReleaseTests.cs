using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bourse.Server.Tls;

namespace Bourse.Server.Tests.Tls;

public sealed class TlsBufferReleaseTests
{
    private static readonly bool OnOpenSsl3 = OperatingSystem.IsLinux() && SafeEvpPKeyHandle.OpenSslVersion is >= 0x3000_0000L and < 0x4000_0000L;

    [Fact]
    public void IsAvailableOnLinuxWithOpenSsl3()
    {
        // The servers Bourse runs on (and CI) are Linux with OpenSSL 3: there the runtime's private field must still be found,
        // so a runtime update that renames it fails here instead of silently losing the saving.
        Assert.Equal(OnOpenSsl3, TlsBufferRelease.IsAvailable);
    }

    [Fact]
    public void AMissingPrivateFieldTurnsTheReleaseOff()
    {
        // A runtime without the field (renamed, or another TLS implementation) leaves connections as they are.
        Assert.False(TlsBufferRelease.CanResolve("_noSuchSecurityContext"));
        // Nor is a field of another type taken for the SSL handle.
        var other = typeof(SslStream).GetFields(BindingFlags.NonPublic | BindingFlags.Instance)
            .First(f => f.FieldType.IsValueType || f.FieldType == typeof(string));
        Assert.False(TlsBufferRelease.CanResolve(other.Name));
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task ReleaseSetsTheModeAndTheConnectionStillCarriesDataBothWays(SslProtocols protocol)
    {
        if (!OnOpenSsl3)
            return;
        await using var pair = await TlsPair.ConnectAsync(protocol);
        Assert.Equal(protocol, pair.Server.SslProtocol);
        var before = TlsBufferRelease.ModeOf(pair.Server);
        Assert.NotNull(before);
        Assert.Equal(0, before.Value & TlsBufferRelease.SslModeReleaseBuffers);

        Assert.True(TlsBufferRelease.TryRelease(pair.Server));
        Assert.Equal(TlsBufferRelease.SslModeReleaseBuffers, TlsBufferRelease.ModeOf(pair.Server)!.Value & TlsBufferRelease.SslModeReleaseBuffers);
        // The other mode bits the runtime set are kept.
        Assert.Equal(before.Value, TlsBufferRelease.ModeOf(pair.Server)!.Value & ~TlsBufferRelease.SslModeReleaseBuffers);

        // Small and large (many records), each way, with the connection idle (buffers released) in between.
        foreach (var size in new[] { 1, 100, 16_384, 16_385, 200_000 })
        {
            await AssertCarriesAsync(pair.Client, pair.Server, size);
            await AssertCarriesAsync(pair.Server, pair.Client, size);
            await Task.Delay(10);
        }
    }

    [Fact]
    public void AStreamThatIsNotAuthenticatedIsLeftAlone()
    {
        using var stream = new SslStream(new MemoryStream());
        Assert.False(TlsBufferRelease.TryRelease(stream));
        Assert.Null(TlsBufferRelease.ModeOf(stream));
    }

    [Fact]
    public async Task AClosedStreamIsLeftAlone()
    {
        if (!OnOpenSsl3)
            return;
        var pair = await TlsPair.ConnectAsync(SslProtocols.Tls13);
        await pair.DisposeAsync();
        Assert.False(TlsBufferRelease.TryRelease(pair.Server));
    }

    private static async Task AssertCarriesAsync(SslStream from, SslStream to, int size)
    {
        var sent = RandomNumberGenerator.GetBytes(size);
        var write = from.WriteAsync(sent).AsTask();
        var received = new byte[size];
        await to.ReadExactlyAsync(received);
        await write;
        Assert.Equal(sent, received);
    }

    private sealed class TlsPair : IAsyncDisposable
    {
        private readonly X509Certificate2 _certificate;

        private TlsPair(SslStream server, SslStream client, X509Certificate2 certificate)
        {
            Server = server;
            Client = client;
            _certificate = certificate;
        }

        public SslStream Server { get; }

        public SslStream Client { get; }

        public static async Task<TlsPair> ConnectAsync(SslProtocols protocol)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);

            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var clientSocket = new TcpClient();
            await clientSocket.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var serverSocket = await listener.AcceptTcpClientAsync();
            var server = new SslStream(serverSocket.GetStream(), leaveInnerStreamOpen: false);
            var client = new SslStream(clientSocket.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
            await Task.WhenAll(
                server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocol }),
                client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = protocol }));
            return new TlsPair(server, client, certificate);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
            _certificate.Dispose();
        }
    }
}
