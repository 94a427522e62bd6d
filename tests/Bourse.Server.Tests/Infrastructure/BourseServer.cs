using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>A running <c>bourse serve</c> on 127.0.0.1 and a free port; always killed on dispose.</summary>
internal sealed class BourseServer : IAsyncDisposable
{
    public const string FingerprintPrefix = "TLS certificate SHA-256 fingerprint: ";

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BourseServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public int ProcessId => _process.Id;
    public Uri BaseUri => new($"https://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");
    public string Fingerprint { get; private set; } = "";

    public string Output
    {
        get
        {
            lock (_lines)
                return string.Join('\n', _lines);
        }
    }

    public static Task<BourseServer> StartAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, extraArgs, new Dictionary<string, string>());

    public static async Task<BourseServer> StartAsync(string dataDirectory, string[] extraArgs, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort.Get();
        var info = BourseProcess.StartInfo(["serve", "--data", dataDirectory, "--https", $"127.0.0.1:{port}", .. extraArgs], redirectInput: false);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var process = new Process { StartInfo = info };
        var server = new BourseServer(process, port);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => server._ready.TrySetException(new InvalidOperationException($"bourse serve exited early:\n{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
        if (line.StartsWith(FingerprintPrefix, StringComparison.Ordinal))
        {
            Fingerprint = line[FingerprintPrefix.Length..].Trim();
            _ready.TrySetResult();
        }
    }

    /// <summary>An HttpClient that accepts the server's self-signed certificate and records it.</summary>
    public HttpClient CreateClient(Action<X509Certificate2>? onCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate is not null)
                        onCertificate?.Invoke(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                    return true;
                },
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Sends SIGTERM and waits for a graceful exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
