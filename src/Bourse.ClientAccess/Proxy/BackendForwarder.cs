using System.Diagnostics;
using System.Net;
using Bourse.ClientAccess.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Bourse.ClientAccess.Proxy;

/// <summary>Forwards a request to a configured back end with YARP's <see cref="IHttpForwarder"/>.</summary>
internal sealed class BackendForwarder : IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly BackendRequestTransformer _transformer;
    private readonly IOptionsMonitor<ClientAccessOptions> _options;
    private readonly ILogger<BackendForwarder> _logger;
    private readonly HttpMessageInvoker _invoker;

    public BackendForwarder(
        IHttpForwarder forwarder,
        BackendRequestTransformer transformer,
        BackendCertificateValidator certificates,
        IOptionsMonitor<ClientAccessOptions> options,
        ILogger<BackendForwarder> logger)
    {
        _forwarder = forwarder;
        _transformer = transformer;
        _options = options;
        _logger = logger;
        // YARP's recommended client settings for direct forwarding: no proxy, redirects, decompression or cookie jar.
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            SslOptions = { RemoteCertificateValidationCallback = certificates.Validate },
        });
    }

    public async Task ForwardAsync(HttpContext context, Uri backend)
    {
        var config = new ForwarderRequestConfig
        {
            ActivityTimeout = _options.CurrentValue.ProxyActivityTimeout,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        var error = await _forwarder.SendAsync(context, backend.AbsoluteUri, _invoker, config, _transformer);
        if (error != ForwarderError.None)
        {
            // YARP has already answered 502/504 when the response had not started; the client learns nothing more.
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            ProxyLog.ForwardFailed(_logger, backend, error, exception?.GetType().Name);
        }
    }

    public void Dispose() => _invoker.Dispose();
}
