using System.Text;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.ActiveSync.Tests.Protocol;
using Xunit.Abstractions;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// The request line and headers around a valid body, for every command the server implements: bad and foreign DeviceIds,
/// wrong, missing and malformed MS-ASProtocolVersion, garbage policy keys, unknown and duplicated parameters, another user
/// in User, other methods and content types, and the base64 form (MS-ASHTTP 2.2.1.1.1.1) valid, cut at every byte and
/// with fixed-seed byte mutations. Every answer must be a protocol answer (<see cref="ResponseOracle"/>), and bob's
/// mailbox must stay as it was.
/// </summary>
public sealed class RequestLineFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly FuzzHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    /// Named changes of a valid request's line and headers.
    private static IEnumerable<(string Name, Func<FuzzRequest, FuzzRequest> Change)> LineMutations(FuzzHost host, string policyKeyOfOtherDevice)
    {
        FuzzRequest Param(FuzzRequest r, string name, string? value)
        {
            var parts = r.Query.Split('&').Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal)).ToList();
            if (value is not null)
                parts.Add($"{name}={value}");
            return r with { Query = string.Join('&', parts) };
        }

        // MS-ASHTTP 2.2.1.1.1.2.3: DeviceId, letters and digits.
        foreach (var id in new[] { null, "", "a%20b", "dev-1", "d%C3%A9v", new string('x', 33), new string('x', 300), "%00", "FzOtherDevice", "BobPhone" })
            yield return ($"DeviceId={id ?? "(none)"}", r => Param(r, "DeviceId", id));
        // MS-ASHTTP 2.2.1.1.2.6: MS-ASProtocolVersion.
        foreach (var v in new[] { null, "", "1.0", "2.5", "12.0", "12.1", "14.0", "16.0", "16.1", "99.9", "14.1.1", "abc", "14,1", "14.1, 16.1", new string('1', 1000) })
            yield return ($"MS-ASProtocolVersion={v ?? "(none)"}", r => r.WithHeader("MS-ASProtocolVersion", v));
        // MS-ASHTTP 2.2.1.1.2.7: X-MS-PolicyKey.
        foreach (var k in new[] { null, "", "0", "-1", "abc", "4294967296", "99999999999999999999", " 1 ", "0x10", policyKeyOfOtherDevice, "1e3" })
            yield return ($"X-MS-PolicyKey={k ?? "(none)"}", r => r.WithHeader("X-MS-PolicyKey", k));
        foreach (var c in new[] { null, "", "Foo", "%00", "Sync%00", "FolderSync&Cmd=Ping", "Provision", "Notify", "GetHierarchy", "9" })
            yield return ($"Cmd={c ?? "(none)"}", r => Param(r, "Cmd", c));
        // The User parameter must be the signed-in user when it names anyone.
        foreach (var u in new[] { null, "", "bob", $"bob%40{EasTestServer.Domain}", "nobody%40nowhere.example", new string('x', 500), "alice%00", "BOURSE%5Cbob" })
            yield return ($"User={u ?? "(none)"}", r => Param(r, "User", u));
        foreach (var t in new[] { null, "", "a,b", new string('x', 300), "%01", "Phone%20X" })
            yield return ($"DeviceType={t ?? "(none)"}", r => Param(r, "DeviceType", t));
        foreach (var (name, value) in new[] { ("AttachmentName", "1:0"), ("CollectionId", host.Inbox), ("ItemId", "x"), ("LongId", new string('9', 2000)),
                     ("Occurrence", "2030-01-01T00:00:00.000Z"), ("SaveInSent", "maybe"), ("Unknown", "1"), ("Cmd", "Sync") })
            yield return ($"extra {name}", r => r with { Query = r.Query + $"&{name}={Uri.EscapeDataString(value)}" });
        foreach (var q in new[] { "", "?", "&&&", "=", "Cmd", "!!!!", "AAAA", "%", "%%%", "a=b=c", new string('A', 9000) })
            yield return ($"query \"{(q.Length > 20 ? q[..20] + "…" : q)}\"", r => r with { Query = q });
        foreach (var ct in new[] { null, "text/plain", "message/rfc822", "application/vnd.ms-sync.wbxml; charset=utf-16", "multipart/form-data; boundary=x" })
            yield return ($"Content-Type={ct ?? "(none)"}", r => r with { ContentType = ct });
        foreach (var m in new[] { "GET", "PUT", "DELETE", "PATCH", "HEAD" })
            yield return ($"method {m}", r => r with { Method = m });
        foreach (var mp in new[] { "T", "F", "garbage" })
            yield return ($"MS-ASAcceptMultiPart={mp}", r => r.WithHeader("MS-ASAcceptMultiPart", mp));
    }

    [Fact]
    public async Task EveryCommandSurvivesMutatedPlainTextLinesAndHeaders()
    {
        var bob = await host.SnapshotAsync(host.Bob);
        var other = await host.DeviceAsync("FzOtherDevice");
        var findings = new List<string>();
        var sent = 0;
        foreach (var command in EasCommands.All.Select(EasCommands.Name).Where(host.Implemented.Contains))
        {
            var seed = (await FuzzCorpus.BuildAsync(host, command, 0))[0];
            using var run = new FuzzRun(host, command, host.Server.CreateHttpClient());
            foreach (var (name, change) in LineMutations(host, other.PolicyKey!))
            {
                var request = change(seed.Request);
                var response = await run.SendAsync(request, name);
                // Naming another user's mailbox is refused, whatever else the request says (a bare name that is no login is
                // tolerated: devices send account names, and the mailbox is always the signed-in user's).
                if (name.StartsWith("User=bob%40", StringComparison.Ordinal) && response.Status != 403)
                    run.Record($"{name}: expected 403, got {response}");
            }

            sent += run.Sent;
            findings.AddRange(run.Findings);
        }

        // Without credentials, or with wrong ones: 401 and nothing else.
        foreach (var (user, password) in new[] { ((string?)null, EasTestServer.Password), ("alice", "wrong"), ("bob", "wrong") })
        {
            using var anonymous = host.Server.CreateHttpClient(user, password);
            var seed = (await FuzzCorpus.BuildAsync(host, "FolderSync", 0))[0];
            var r = await FuzzResponse.SendAsync(anonymous, seed.Request, FuzzRun.Timeout);
            if (r.Status != 401)
                findings.Add($"FolderSync as {user ?? "nobody"}/{password}: expected 401, got {r}");
        }

        if (bob.Diff(await host.SnapshotAsync(host.Bob)) is { Count: > 0 } changed)
            findings.Add("bob's mailbox changed: " + string.Join("; ", changed));
        output.WriteLine($"{sent} requests over {host.Implemented.Count} commands, {findings.Count} findings");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public async Task EveryCommandSurvivesMutatedBase64Lines()
    {
        var bob = await host.SnapshotAsync(host.Bob);
        var findings = new List<string>();
        var rng = new Random(EndpointFuzzTests.StableSeed("base64"));
        var sent = 0;
        foreach (var command in EasCommands.All.Where(c => host.Implemented.Contains(EasCommands.Name(c))))
        {
            var name = EasCommands.Name(command);
            var seed = (await FuzzCorpus.BuildAsync(host, name, 0))[0];
            var device = await host.DeviceAsync(FuzzCorpus.DeviceIdOf(name), FuzzCorpus.VersionOf(name));
            var version = (byte)(FuzzCorpus.VersionOf(name) switch { "16.1" => 161, "12.1" => 121, _ => 141 });
            // MS-ASHTTP 2.2.1.1.1.1: version, command code, locale, DeviceId, policy key, DeviceType, then parameters.
            var line = EasBase64Request.Header(version, (byte)command, 0x0409, device.DeviceId, uint.Parse(device.PolicyKey!, System.Globalization.CultureInfo.InvariantCulture), "SmartPhone");
            if (name == "GetAttachment")
                line.Parameter(0, "1:0");
            line.Parameter(8, "alice");
            var bytes = line.ToBytes();
            var request = seed.Request with { Query = Convert.ToBase64String(bytes), Headers = [new("User-Agent", "BourseFuzz/1.0")] };
            using var run = new FuzzRun(host, name, host.Server.CreateHttpClient());

            var valid = await run.SendAsync(request, "valid base64 line");
            if (valid.Status is not (200 or 404 or 501))
                run.Record($"the valid base64 line is refused: {valid}\n  {request.Describe()}");
            for (var cut = 0; cut < bytes.Length; cut++)
                await run.SendAsync(request with { Query = Convert.ToBase64String(bytes[..cut]) }, $"base64 line cut at {cut}");
            for (var i = 0; i < 25; i++)
            {
                var mutated = WbxmlMutator.MutateBytes(rng, bytes, WbxmlMutator.ByteStrategies[rng.Next(4)]);
                var query = Convert.ToBase64String(mutated);
                // Sometimes percent-encoded, sometimes without padding, as clients send it.
                query = rng.Next(3) switch { 0 => Uri.EscapeDataString(query), 1 => query.TrimEnd('='), _ => query };
                await run.SendAsync(request with { Query = query }, $"base64 line mutated: {Convert.ToHexString(mutated)}");
            }

            sent += run.Sent;
            findings.AddRange(run.Findings);
        }

        if (bob.Diff(await host.SnapshotAsync(host.Bob)) is { Count: > 0 } changed)
            findings.Add("bob's mailbox changed: " + string.Join("; ", changed));
        output.WriteLine($"{sent} requests, {findings.Count} findings");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public async Task OversizedBodiesAre413WhateverTheCommand()
    {
        var findings = new List<string>();
        using var http = host.Server.CreateHttpClient();
        foreach (var command in EasCommands.All.Select(EasCommands.Name).Where(host.Implemented.Contains))
        {
            var seed = (await FuzzCorpus.BuildAsync(host, command, 0))[0];
            var aliceBefore = await host.ChangeNumberAsync(host.Alice);
            var big = new byte[FuzzHost.MaxRequestBytes + 1];
            seed.Request.Body.CopyTo(big, 0);
            // MS-ASHTTP 2.2.2.1.1 / RFC 9110 15.5.14: a body over Bourse:ActiveSync:MaxRequestBytes is 413, declared or not.
            foreach (var chunked in new[] { false, true })
            {
                var r = await SendAsync(http, seed.Request, big, chunked);
                if (r.Status != 413)
                    findings.Add($"{command} with {big.Length} bytes{(chunked ? " chunked" : "")}: expected 413, got {r}");
            }

            if (await host.ChangeNumberAsync(host.Alice) != aliceBefore)
                findings.Add($"{command}: an oversized request changed alice's mailbox");

            // At the limit exactly the body is read and answered as the command's own (malformed) content.
            var atLimit = new byte[FuzzHost.MaxRequestBytes];
            var limit = await SendAsync(http, seed.Request, atLimit, chunked: false);
            if (limit.Status is 413 or >= 500 and not 501)
                findings.Add($"{command} with exactly {atLimit.Length} bytes: {limit}");
        }

        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    private static async Task<FuzzResponse> SendAsync(HttpClient http, FuzzRequest request, byte[] body, bool chunked)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?" + request.Query);
        message.Content = chunked ? new StreamContent(new UnseekableStream(body)) : new ByteArrayContent(body);
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(FuzzRequest.Wbxml);
        foreach (var h in request.Headers)
            message.Headers.TryAddWithoutValidation(h.Key, h.Value);
        try
        {
            using var cts = new CancellationTokenSource(FuzzRun.Timeout);
            using var response = await http.SendAsync(message, cts.Token);
            return new FuzzResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync(cts.Token), TimeSpan.Zero, null);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new FuzzResponse(0, null, [], TimeSpan.Zero, e.Message);
        }
    }

    /// A body whose length the client cannot know in advance, so it is sent chunked.
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
