using System.Net;
using System.Text;
using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Infrastructure;

/// <summary>One response: HTTP status, headers, and the body decoded with our codec (null when empty or not WBXML).</summary>
internal sealed record EasResponse(HttpStatusCode Status, HttpResponseMessage Message, byte[] Body, WbxmlElement? Root)
{
    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var v) || Message.Content.Headers.TryGetValues(name, out v) ? string.Join(",", v) : null;

    /// The top-level Status of the command response.
    public string? TopStatus => Root?.Children.FirstOrDefault(c => c.Name == "Status")?.Text;

    public override string ToString() => $"HTTP {(int)Status}: {Root?.ToString() ?? $"{Body.Length} bytes"}";
}

/// <summary>
/// A simulated ActiveSync device: builds the plain-text request line, keeps its policy key, encodes requests and decodes
/// responses with the Bourse codec (the conformance tests use libwbxml instead).
/// </summary>
internal sealed class EasDevice(HttpClient http, string user, string deviceId, string deviceType, string version) : IDisposable
{
    public string DeviceId { get; } = deviceId;

    public string Version { get; set; } = version;

    public string? PolicyKey { get; set; }

    public HttpClient Http => http;

    public async Task<EasResponse> SendAsync(string command, WbxmlElement? body, string? extraQuery = null, CancellationToken ct = default)
    {
        var content = body is null ? new ByteArrayContent([]) : new ByteArrayContent(WbxmlEncoder.Encode(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.ms-sync.wbxml");
        return await SendRawAsync(command, content, extraQuery, ct);
    }

    public async Task<EasResponse> SendRawAsync(string command, HttpContent content, string? extraQuery = null, CancellationToken ct = default)
    {
        var url = $"/Microsoft-Server-ActiveSync?Cmd={command}&User={Uri.EscapeDataString(user)}&DeviceId={DeviceId}&DeviceType={deviceType}{extraQuery}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("MS-ASProtocolVersion", Version);
        request.Headers.UserAgent.ParseAdd("BourseTestDevice/1.0");
        if (PolicyKey is not null)
            request.Headers.Add("X-MS-PolicyKey", PolicyKey);
        var response = await http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        WbxmlElement? root = null;
        if (bytes.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/vnd.ms-sync.wbxml")
        {
            var decoded = WbxmlDecoder.Decode(bytes);
            Assert.True(decoded.Success, $"the server sent WBXML our decoder rejects: {decoded.Error} at {decoded.Offset}");
            root = decoded.Root;
        }

        return new EasResponse(response.StatusCode, response, bytes, root);
    }

    /// <summary>The two-phase Provision of MS-ASPROV; keeps the final policy key.</summary>
    public async Task ProvisionAsync()
    {
        var first = await SendAsync("Provision", Wb.E("Provision:Provision",
            Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML")))));
        Assert.True(first.Status == HttpStatusCode.OK && first.TopStatus == "1", first.ToString());
        var temporary = first.Root!.Find("Provision:PolicyKey")!.Text!;
        PolicyKey = temporary;
        var second = await SendAsync("Provision", Wb.E("Provision:Provision",
            Wb.E("Provision:Policies", Wb.E("Provision:Policy",
                Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML"), Wb.E("Provision:PolicyKey", temporary), Wb.E("Provision:Status", "1")))));
        Assert.True(second.Status == HttpStatusCode.OK && second.TopStatus == "1", second.ToString());
        PolicyKey = second.Root!.Find("Provision:PolicyKey")!.Text!;
    }

    /// <summary>FolderSync from <paramref name="syncKey"/>; returns the response.</summary>
    public Task<EasResponse> FolderSyncAsync(string syncKey = "0") =>
        SendAsync("FolderSync", Wb.E("FolderHierarchy:FolderSync", Wb.E("FolderHierarchy:SyncKey", syncKey)));

    /// <summary>The ServerId of the folder of this type from an initial FolderSync (2 = Inbox, 3 Drafts, 4 Deleted, 5 Sent …).</summary>
    public async Task<string> FolderIdAsync(int type)
    {
        var r = await FolderSyncAsync();
        return r.Root!.FindAll("FolderHierarchy:Add").First(a => a.Value("FolderHierarchy:Type") == type.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Value("FolderHierarchy:ServerId")!;
    }

    public void Dispose() => http.Dispose();

    public static HttpContent Mime(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("message/rfc822");
        return content;
    }
}
