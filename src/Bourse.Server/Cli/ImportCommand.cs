using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Bourse.Server.Import;
using Spectre.Console;

namespace Bourse.Server.Cli;

/// <summary><c>bourse import ADDRESS PATH [--folder NAME]</c>: mbox, Maildir or .eml folder into a mailbox.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("ADDRESS") { Description = "The mailbox to import into." };
        var path = new Argument<string>("PATH") { Description = "An mbox file, a Maildir, a folder of .eml files, or one .eml file." };
        var folder = new Option<string?>("--folder")
        {
            Description = "Target folder path below the top of the mailbox, e.g. \"Archive/2019\" (default: Inbox; Maildir and .eml subfolders keep their names).",
            HelpName = "NAME",
        };
        var command = new Command("import", "Import messages into a mailbox, keeping their bytes, dates and read state.") { address, path, folder };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var addressText = parse.GetValue(address)!;
            var user = await data.Directory.FindUserByAddressAsync(addressText, ct);
            if (user is null)
                return new CliFailure($"no mailbox has the address {addressText}.");
            var ensured = await data.EnsureMailboxAsync(user, ct);
            if (!ensured.IsSuccess)
                return new CliFailure($"the mailbox of {user.PrimarySmtpAddress} cannot be opened: {ensured.Message ?? ensured.Error.ToString()}.");

            var (source, failure) = await ImportSource.DetectAsync(parse.GetValue(path)!, ct);
            if (source is null)
                return failure;

            var folders = new ImportFolders(data.Store, user.MailboxId, parse.GetValue(folder));
            var importer = new MailImporter(data.Store, data.Time, data.Options.MaxMessageBytes);
            ImportReport report;
            if (CliOutput.IsInteractive)
            {
                report = null!;
                await CliOutput.Console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"Importing {source.Kind}", maxValue: Math.Max(1, source.Total));
                        report = await importer.ImportAsync(user.MailboxId, folders, source.Read(ct), (position, r) =>
                        {
                            task.Value = position;
                            task.Description = string.Create(CultureInfo.InvariantCulture, $"Importing: {r.Imported} imported, {r.Skipped} skipped, {r.Bad} bad");
                        }, ct);
                        task.Description = string.Create(CultureInfo.InvariantCulture, $"Done: {report.Imported} imported, {report.Skipped} skipped, {report.Bad} bad");
                        task.Value = task.MaxValue;
                    });
            }
            else
            {
                var clock = Stopwatch.StartNew();
                var lastReport = TimeSpan.Zero;
                CliOutput.Line($"Importing {source.Kind} into {user.PrimarySmtpAddress}…");
                report = await importer.ImportAsync(user.MailboxId, folders, source.Read(ct), (position, r) =>
                {
                    if (clock.Elapsed - lastReport < TimeSpan.FromSeconds(1))
                        return;
                    lastReport = clock.Elapsed;
                    var percent = source.Total > 0 ? 100.0 * position / source.Total : 0;
                    CliOutput.Line(string.Create(CultureInfo.InvariantCulture,
                        $"progress: {r.Imported} imported, {r.Skipped} skipped, {r.Bad} bad ({percent:0}%)"));
                }, ct);
            }
            PrintReport(report, user.PrimarySmtpAddress);
            return report.Cancelled ? new CliFailure("the import was interrupted; run it again to import the rest (what is already imported is skipped).", ExitCodes.Interrupted) : null;
        }));
        return command;
    }

    private static void PrintReport(ImportReport report, string address)
    {
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 0.001);
        CliOutput.Line(string.Create(CultureInfo.InvariantCulture,
            $"Imported {report.Imported} messages ({SizeFormat.Bytes(report.Bytes)}) into {address} in {report.Elapsed.TotalSeconds:0.0} s ({report.Imported / seconds:0} messages/s); skipped {report.Skipped}, bad {report.Bad}."));
        foreach (var (folder, count) in report.ImportedByFolder.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
            CliOutput.Line(string.Create(CultureInfo.InvariantCulture, $"  {folder}: {count}"));
        foreach (var (origin, reason) in report.SkippedReasons)
            CliOutput.Line($"skipped {origin}: {reason}");
        foreach (var (origin, reason) in report.BadReasons)
            CliOutput.Line($"bad {origin}: {reason}");
        if (report.Skipped > report.SkippedReasons.Count || report.Bad > report.BadReasons.Count)
            CliOutput.Line($"(only the first {ImportReport.MaxListedProblems} skipped and bad messages are listed)");
    }
}
