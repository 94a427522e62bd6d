using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Bourse.Owa.Web;

/// <summary>
/// The built browser client (copied next to the assemblies as owa-web/ by the build): the start page, never cached, and
/// the hashed assets under /owa/assets/, cached for a year and sent Brotli- or gzip-compressed (compressed by the build,
/// read once and kept in memory: the client is a few hundred kB).
/// </summary>
internal sealed class OwaWebClient
{
    /// Script only from this origin; Fluent UI inserts its styles at run time (style-src 'unsafe-inline'); images from
    /// anywhere, because a message's remote images are shown once the user allows them (the server removes them before).
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; " +
        "font-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".woff2"] = "font/woff2",
        [".json"] = "application/json",
        [".map"] = "application/json",
        [".webmanifest"] = "application/manifest+json",
    };

    private readonly string? _root;
    private readonly byte[]? _startPage;
    private readonly ConcurrentDictionary<string, Lazy<Asset?>> _assets = new(StringComparer.Ordinal);

    private OwaWebClient(string? root, byte[]? startPage)
    {
        _root = root;
        _startPage = startPage;
    }

    /// <summary>True when the built client was found.</summary>
    public bool IsAvailable => _startPage is not null;

    public static OwaWebClient FromDirectory(string directory)
    {
        var index = Path.Combine(directory, "index.html");
        if (!File.Exists(index))
            return new OwaWebClient(null, null);
        var client = new OwaWebClient(Path.GetFullPath(directory), File.ReadAllBytes(index));
        client.WarmInBackground();
        return client;
    }

    /// <summary>
    /// Reads every asset (and its precompressed copies) once, off the request path, as the server starts, so the first
    /// browser to sign in does not wait for the disk or for compression.
    /// </summary>
    private void WarmInBackground()
    {
        var assets = Path.Combine(_root!, "assets");
        if (!System.IO.Directory.Exists(assets))
            return;
        _ = Task.Run(() =>
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(assets, "*", SearchOption.AllDirectories))
            {
                if (file.EndsWith(".br", StringComparison.Ordinal) || file.EndsWith(".gz", StringComparison.Ordinal))
                    continue;
                var relative = Path.GetRelativePath(assets, file).Replace(Path.DirectorySeparatorChar, '/');
                try
                {
                    _ = _assets.GetOrAdd(relative, p => new Lazy<Asset?>(() => Load(p))).Value;
                }
                catch (IOException)
                {
                    // A file that cannot be read now is tried again by the request that wants it.
                    _assets.TryRemove(relative, out _);
                }
            }
        });
    }

    public async Task ServeStartPageAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.ContentType = "text/html; charset=utf-8";
        if (_startPage is null)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Outlook</title></head><body><main>" +
                "<h1>Outlook</h1><p>The Outlook on the web client is not built on this server (web/owa). " +
                "Build it with <code>dotnet build</code> without BOURSE_SKIP_WEB_BUILD.</p><p><a href=\"/owa/logoff.owa\">Sign out</a></p></main></body></html>\n",
                context.RequestAborted);
            return;
        }
        response.ContentLength = _startPage.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await response.Body.WriteAsync(_startPage, context.RequestAborted);
    }

    public async Task ServeAssetAsync(HttpContext context, string path)
    {
        var asset = _root is null ? null : _assets.GetOrAdd(path, p => new Lazy<Asset?>(() => Load(p))).Value;
        var response = context.Response;
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.ContentType = asset.ContentType;
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        var accept = context.Request.Headers.AcceptEncoding.ToString();
        byte[] body;
        if (asset.Brotli is not null && accept.Contains("br", StringComparison.OrdinalIgnoreCase))
        {
            body = asset.Brotli;
            response.Headers.ContentEncoding = "br";
        }
        else if (asset.Gzip is not null && accept.Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = asset.Gzip;
            response.Headers.ContentEncoding = "gzip";
        }
        else
        {
            body = asset.Raw;
        }
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private Asset? Load(string path)
    {
        // Only plain relative names below assets/: no traversal, no hidden files.
        if (path.Length is 0 or > 200 || path.Contains("..", StringComparison.Ordinal) || path.Contains('\\') ||
            path.Split('/').Any(s => s.Length == 0 || s[0] == '.'))
            return null;
        var full = Path.GetFullPath(Path.Combine(_root!, "assets", path));
        if (!full.StartsWith(Path.Combine(_root!, "assets") + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
            return null;
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(full), "application/octet-stream");
        var raw = File.ReadAllBytes(full);
        var compressible = type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal) || type.Contains("svg", StringComparison.Ordinal);
        if (!compressible || raw.Length <= 512)
            return new Asset(type, raw, null, null);
        // The build writes NAME.br and NAME.gz beside each asset (build/precompress.mjs); without them (a client built by
        // hand), compress here once at a fast setting rather than Brotli's slowest.
        var brotli = File.Exists(full + ".br") ? File.ReadAllBytes(full + ".br") : Compress(raw, s => new BrotliStream(s, CompressionLevel.Optimal));
        var gzip = File.Exists(full + ".gz") ? File.ReadAllBytes(full + ".gz") : Compress(raw, s => new GZipStream(s, CompressionLevel.Optimal));
        return new Asset(type, raw, brotli, gzip);
    }

    private static byte[] Compress(byte[] raw, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var z = wrap(output))
            z.Write(raw);
        return output.ToArray();
    }

    private sealed record Asset(string ContentType, byte[] Raw, byte[]? Brotli, byte[]? Gzip);
}
