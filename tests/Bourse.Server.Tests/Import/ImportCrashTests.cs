using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bourse.Server.Tests.Infrastructure;
using MimeKit;

namespace Bourse.Server.Tests.Import;

public sealed partial class ImportCrashTests : IDisposable
{
    private const int MessageCount = 30_000;

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _work = new();

    public void Dispose()
    {
        _data.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task KillDashNineDuringImportLeavesWholeItemsAndARerunCompletes()
    {
        Assert.Equal(0, (await BourseProcess.RunAsync("mailbox", "new", "big@x.test", "--data", _data.Path)).ExitCode);
        var mbox = _work.Combine("big.mbox");
        await WriteLargeMboxAsync(mbox);

        var killed = false;
        using (var process = new Process { StartInfo = BourseProcess.StartInfo(["import", "big@x.test", mbox, "--data", _data.Path], redirectInput: false) })
        {
            var someCommitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null && ProgressLine().Match(e.Data) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0)
                    someCommitted.TrySetResult();
            };
            process.Start();
            process.BeginOutputReadLine();
            try
            {
                await Task.WhenAny(someCommitted.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(90));
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(); // SIGKILL
                    killed = true;
                }
                await process.WaitForExitAsync();
            }
        }

        int survivors;
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            var mailbox = await inspector.MailboxOfAsync("big@x.test");
            var inbox = (await inspector.FoldersByPathAsync(mailbox))["Inbox"];
            var items = await inspector.ListAllAsync(mailbox, inbox.Id);
            survivors = items.Count;
            Assert.InRange(survivors, 1, killed ? MessageCount - 1 : MessageCount);
            foreach (var item in items)
            {
                var mime = await inspector.ReadMimeAsync(mailbox, item.Id);
                Assert.NotNull(mime);
                using var message = MimeMessage.Load(new MemoryStream(mime));
                Assert.Equal(item.Subject, message.Subject);
                Assert.StartsWith("Lorem ipsum", message.TextBody, StringComparison.Ordinal);
            }
        }

        var rerun = await BourseProcess.RunAsync(["import", "big@x.test", mbox, "--data", _data.Path], timeout: TimeSpan.FromSeconds(120));
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains($"skipped {survivors},", rerun.Stdout, StringComparison.Ordinal);

        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            var mailbox = await inspector.MailboxOfAsync("big@x.test");
            var inbox = (await inspector.FoldersByPathAsync(mailbox))["Inbox"];
            var items = await inspector.ListAllAsync(mailbox, inbox.Id);
            Assert.Equal(MessageCount, items.Count);
            Assert.Equal(MessageCount, items.Select(i => i.Subject).Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static async Task WriteLargeMboxAsync(string path)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        for (var i = 0; i < MessageCount; i++)
        {
            var s = i.ToString(CultureInfo.InvariantCulture);
            await writer.WriteAsync($"From sender{i % 50}@example.org Mon Jan  1 00:00:00 2024\n");
            await writer.WriteAsync($"From: Sender <sender{i % 50}@example.org>\nTo: big@x.test\nSubject: Message number {s}\nMessage-ID: <{s}@gen.test>\n");
            await writer.WriteAsync($"Date: Mon, 1 Jan 2024 00:00:00 +0000\n\nLorem ipsum dolor sit amet {s}, consectetur adipiscing elit.\n");
            await writer.WriteAsync("Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.\n\n");
        }
    }

    [GeneratedRegex(@"^progress: (\d+) imported")]
    private static partial Regex ProgressLine();
}
