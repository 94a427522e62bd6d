using Bourse.ClientAccess.ProtocolLog;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>Reads a server's protocol log files; lines are written in the background, so reads wait for them a little.</summary>
internal static class ProtocolLogProbe
{
    public static async Task<List<ProtocolLogRecord>> WaitForAsync(string logDirectory, Func<ProtocolLogRecord, bool> match, int atLeast = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = new List<ProtocolLogRecord>();
            await foreach (var record in new ProtocolLogReader(logDirectory).ReadAsync(new ProtocolLogQuery()))
            {
                if (match(record))
                    found.Add(record);
            }
            if (found.Count >= atLeast || DateTime.UtcNow > deadline)
                return found;
            await Task.Delay(100);
        }
    }
}
