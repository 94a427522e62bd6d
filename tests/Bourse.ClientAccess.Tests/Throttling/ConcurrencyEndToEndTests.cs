using System.Net;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.Throttling;

public sealed class ConcurrencyEndToEndTests
{
    [Fact]
    public async Task ActiveSyncConcurrencyLimitAnswers503AndFreesTheSlotAfterwards()
    {
        await using var server = await AuthTestServer.StartAsync(new() { ["Bourse:Throttling:ConcurrencyLimits:ActiveSync"] = "1" });
        server.Directory.Add("alice@bourse.test", "pw");
        using var http = TestHttp.CreateClient();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var id = Random.Shared.Next();
        AuthTestServer.Gates[id] = gate;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        AuthTestServer.Entered[id] = entered;
        try
        {
            var url = server.Https($"/Microsoft-Server-ActiveSync/slow?gate={id}");
            var held = http.GetAsync(url, TestHttp.Basic("alice@bourse.test", "pw"));
            // Wait until the first request holds its slot (it is inside the endpoint), then the second must be refused.
            await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var second = await http.GetAsync(server.Https("/Microsoft-Server-ActiveSync"), TestHttp.Basic("alice@bourse.test", "pw"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
            Assert.Equal(5, second.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
            second.Dispose();

            // EWS has its own limit: not affected.
            using var ews = await http.GetAsync(server.Https("/EWS/Exchange.asmx"), TestHttp.Basic("alice@bourse.test", "pw"));
            Assert.Equal(HttpStatusCode.OK, ews.StatusCode);

            gate.SetResult();
            using var first = await held;
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            using var after = await http.GetAsync(server.Https("/Microsoft-Server-ActiveSync"), TestHttp.Basic("alice@bourse.test", "pw"));
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        finally
        {
            gate.TrySetResult();
            AuthTestServer.Gates.TryRemove(id, out _);
            AuthTestServer.Entered.TryRemove(id, out _);
        }
    }
}
