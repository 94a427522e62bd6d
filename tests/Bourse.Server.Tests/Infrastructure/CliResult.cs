namespace Bourse.Server.Tests.Infrastructure;

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

    /// <summary>Asserts a clean failure: the exit code, exactly one line on stderr starting "bourse: ", and no exception text.</summary>
    public void AssertOneLineFailure(int exitCode)
    {
        Assert.True(ExitCode == exitCode, ToString());
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, ToString());
        Assert.StartsWith("bourse: ", lines[0]);
        Assert.DoesNotContain("Exception", All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", All, StringComparison.Ordinal);
    }
}
