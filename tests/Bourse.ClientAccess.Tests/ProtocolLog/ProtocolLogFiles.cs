using Bourse.ClientAccess.ProtocolLog;

namespace Bourse.ClientAccess.Tests.ProtocolLog;

/// <summary>Waits for the background writer and reads what it wrote.</summary>
internal static class ProtocolLogFiles
{
    public static async Task<List<ProtocolLogRecord>> WaitForAsync(string logDirectory, Func<List<ProtocolLogRecord>, bool> done)
    {
        var reader = new ProtocolLogReader(logDirectory);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var records = new List<ProtocolLogRecord>();
            await foreach (var record in reader.ReadAsync(new ProtocolLogQuery()))
            {
                records.Add(record);
            }
            if (done(records) || DateTime.UtcNow > deadline)
            {
                return records;
            }
            await Task.Delay(50);
        }
    }

    public static string AllText(string logDirectory) =>
        string.Concat(System.IO.Directory.Exists(logDirectory) ? System.IO.Directory.GetFiles(logDirectory).Select(File.ReadAllText) : []);
}
